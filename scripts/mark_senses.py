#!/usr/bin/env python3
"""Marks the notable people whose name other people share: sense=context.

    scripts/mark_senses.py [--check]

Rewrites dict/people_notable.tsv in place (idempotent), setting its columns
`sense` and `context` (added after `role` when missing):

  - sense=context for a name that is the surname-only short form of a
    foreigner (贝利, 格林斯潘: the name has no middle dot and an alias spells
    the person out with one), or a name of two characters (李强, 卡特):
    many people share such names, so the extractor takes them for the
    notable only where the document supports it (src/sense.c);
  - context: the ids of the countries and organisations the person's role
    names (美国总统 → cty:us; 中国人民银行行长 → the bank), longest names
    first and not overlapping, from dict/world_countries.tsv and the
    organisation files; a mention of one of them (or of a place or body
    under it) in a document supports the person.

--check exits 1 when the file is not what this script would write.
"""
import sys

DICT = 'dict'
PEOPLE = f'{DICT}/people_notable.tsv'
SOURCES = [f'{DICT}/world_countries.tsv', f'{DICT}/cn_organisations.tsv', f'{DICT}/world_organisations.tsv']


def rows(path):
    header = None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        f = line.split('\t')
        if header is None:
            header = f
            continue
        yield dict(zip(header, f + [''] * (len(header) - len(f))))


def context_names():
    """name -> id for countries and organisations (names of 2+ characters)."""
    out = {}
    for path in SOURCES:
        for r in rows(path):
            if r['type'] not in ('LOC', 'ORG'):
                continue
            if r['type'] == 'LOC' and not r['id'].startswith('cty:'):
                continue
            for n in [r['name']] + [a for a in r['aliases'].split('|') if a]:
                if len(n) >= 2:
                    out.setdefault(n, r['id'])
    return out


def context_of(role, names):
    ids, i = [], 0
    longest = max(map(len, names))
    while i < len(role):
        for n in range(min(longest, len(role) - i), 1, -1):
            if role[i:i + n] in names:
                if names[role[i:i + n]] not in ids:
                    ids.append(names[role[i:i + n]])
                i += n
                break
        else:
            i += 1
    return ids


def needs_context(name, aliases):
    if len(name) == 2:
        return True
    return '·' not in name and any('·' in a for a in aliases)


def main():
    check = '--check' in sys.argv[1:]
    names = context_names()
    lines = open(PEOPLE, encoding='utf-8').read().split('\n')
    out, header = [], None
    for line in lines:
        if not line or line.startswith('#'):
            out.append(line)
            continue
        f = line.split('\t')
        if header is None:
            header = f
            for col in ('sense', 'context'):
                if col not in header:
                    header.append(col)
            out.append('\t'.join(header))
            continue
        f += [''] * (len(header) - len(f))
        r = dict(zip(header, f))
        aliases = [a for a in r['aliases'].split('|') if a]
        if needs_context(r['name'], aliases):
            r['sense'] = 'context'
            r['context'] = '|'.join(context_of(r.get('role', ''), names))
        else:
            r['sense'] = r['context'] = ''
        out.append('\t'.join(r[h] for h in header))
    text = '\n'.join(out)
    if check:
        if text != '\n'.join(lines):
            print(f'{PEOPLE}: not as scripts/mark_senses.py writes it', file=sys.stderr)
            sys.exit(1)
        return
    open(PEOPLE, 'w', encoding='utf-8').write(text)
    n = sum(1 for l in out[out.index('\t'.join(header)) + 1:] if '\tcontext\t' in l or l.endswith('\tcontext'))
    print(f'{PEOPLE}: {n} entries marked sense=context', file=sys.stderr)


if __name__ == '__main__':
    main()
