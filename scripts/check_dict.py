#!/usr/bin/env python3
"""check_dict.py — checks entgraph dictionary files (UTF-8 TSV) against the
format described in dict/README.md.

usage: python3 scripts/check_dict.py [--allow-override] [--quiet] [FILE|DIR ...]

With no arguments it checks every *.tsv in dict/ (next to this script's
folder), in byte order of name, as `entgraph build -d dict/` loads them. A
folder argument means its *.tsv files in that order (not its subfolders, so
dict/optional/ is only checked when named).

Per file and line: the header starts with id, name, type, aliases, parent
(more columns allowed, names unique and not empty); every data line has as
many fields as the header; no field has leading or trailing spaces; valid
UTF-8, no CR; id has no white space, control characters or '|' (ids are
ASCII slugs, except the ones that carry a name: per:邓小平, not:和政府); name is
not empty; type is PER, ORG or LOC, or one of the special types ABBR and NOT;
aliases are '|'-separated, none empty, none equal to the entry's own name,
none repeated.

Across all files: ids are unique (--allow-override accepts a later file
redefining an earlier id, as the loader does); every parent is an id that
exists, not the entry itself, and parents form no cycle.

Names may repeat: many entities share a canonical name (城关镇 is the name of
dozens of townships, 双桥村 of hundreds of villages) and entgraph resolves
such mentions by context. Shared names are not problems; they are printed
as a count summary (how many names, how many entries, the most shared).

Aliases stay unambiguous: an alias that equals the name or an alias of
another entry is an error (unless the later entry lists it in a
`shared_aliases` column: 大埔 of Hong Kong's 大埔区 and of Guangdong's
大埔县, resolved by context) when both entries come from bundled files (the
*.tsv directly in the bundled dict/ folder); when either comes from another
file (your own -d file, dict/optional/…) it is a warning, printed but not
failing.

Prints "path:line: message" for each problem and exits 1 if there was any,
else prints counts and exits 0. Standard library only.
"""

import collections
import os
import sys

REQUIRED = ["id", "name", "type", "aliases", "parent"]
TYPES = {"PER", "ORG", "LOC", "ABBR", "NOT"}


class Entry:
    __slots__ = ("id", "name", "type", "aliases", "parent", "path", "line", "attrs",
                 "bundled")


BUNDLED_DIR = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            "..", "dict"))


def is_bundled(path):
    """True for a *.tsv directly in the bundled dict/ folder."""
    return os.path.dirname(os.path.realpath(path)) == BUNDLED_DIR


def tsv_files(args):
    here = os.path.dirname(os.path.abspath(__file__))
    if not args:
        args = [os.path.join(here, "..", "dict")]
    files = []
    for a in args:
        if os.path.isdir(a):
            names = sorted(
                (n for n in os.listdir(a) if n.endswith(".tsv")),
                key=lambda n: n.encode("utf-8"),
            )
            files.extend(os.path.join(a, n) for n in names)
        else:
            files.append(a)
    out = []
    for f in files:
        rel = os.path.relpath(f)
        out.append(os.path.normpath(f if rel.startswith("..") else rel))
    return out


def parse(path, problems):
    """Returns (header, [Entry]) of one file, appending to problems."""
    def bad(line, msg):
        problems.append(f"{path}:{line}: {msg}")

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        problems.append(f"{path}: cannot read: {e.strerror}")
        return None, []
    if data.startswith(b"\xef\xbb\xbf"):
        bad(1, "starts with a UTF-8 byte order mark")
        data = data[3:]
    header = None
    entries = []
    bundled = is_bundled(path)
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    elif raw_lines:
        bad(len(raw_lines), "no newline at end of file")
    for no, raw in enumerate(raw_lines, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad(no, f"invalid UTF-8 at byte {e.start}")
            continue
        if line.endswith("\r"):
            bad(no, "CR at end of line (use LF line ends)")
            line = line[:-1]
        if line.startswith("#"):
            continue
        if line.strip() == "":
            if line:
                bad(no, "line of only white space")
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if fields[: len(REQUIRED)] != REQUIRED:
                bad(no, "header must begin with " + "\\t".join(REQUIRED) +
                    f", got {line!r}")
                return None, []
            seen = set()
            for col in fields:
                if not col:
                    bad(no, "empty column name in header")
                elif col in seen:
                    bad(no, f"column {col!r} twice in header")
                seen.add(col)
            continue
        if len(fields) != len(header):
            bad(no, f"{len(fields)} fields, header has {len(header)}")
            continue
        ok = True  # False: the line has no usable id, leave it out of the cross checks
        for col, val in zip(header, fields):
            if val != val.strip():
                bad(no, f"{col}: leading or trailing white space in {val!r}")
        e = Entry()
        e.id, e.name, e.type, aliases, e.parent = fields[:5]
        e.attrs = dict(zip(header[5:], fields[5:]))
        e.path, e.line = path, no
        e.bundled = bundled
        if not e.id:
            bad(no, "empty id")
            ok = False
        elif not all(c.isprintable() and not c.isspace() for c in e.id) or "|" in e.id:
            bad(no, f"id {e.id!r} must be printable, without white space or '|'")
            ok = False
        if not e.name.strip():
            bad(no, "empty name")
        elif "|" in e.name:
            bad(no, f"name {e.name!r} contains '|'")
        if e.type not in TYPES:
            bad(no, f"type {e.type!r} is not one of {', '.join(sorted(TYPES))}")
        e.aliases = []
        if aliases:
            for a in aliases.split("|"):
                if not a:
                    bad(no, f"empty alias in {aliases!r}")
                elif a != a.strip():
                    bad(no, f"alias {a!r} has leading or trailing white space")
                elif a == e.name:
                    bad(no, f"alias {a!r} repeats the name")
                elif a in e.aliases:
                    bad(no, f"alias {a!r} listed twice")
                else:
                    e.aliases.append(a)
        if e.parent and e.parent == e.id:
            bad(no, "entry is its own parent")
        if ok:
            entries.append(e)
    if header is None:
        problems.append(f"{path}: no header line")
    return header, entries


def main(argv):
    allow_override = "--allow-override" in argv
    quiet = "--quiet" in argv
    args = [a for a in argv if a not in ("--allow-override", "--quiet")]
    for a in args:
        if a.startswith("-"):
            print(f"check_dict: unknown option {a}", file=sys.stderr)
            return 2
    files = tsv_files(args)
    if not files:
        print("check_dict: no .tsv files", file=sys.stderr)
        return 2

    problems = []
    per_file = []
    for f in files:
        _, entries = parse(f, problems)
        per_file.append((f, entries))

    # ids across files
    by_id = {}
    for f, entries in per_file:
        for e in entries:
            prev = by_id.get(e.id)
            if prev is not None:
                if prev.path == e.path:
                    problems.append(f"{e.path}:{e.line}: id {e.id} already at line {prev.line}")
                    continue
                if not allow_override:
                    problems.append(f"{e.path}:{e.line}: id {e.id} already in "
                                    f"{prev.path}:{prev.line}")
                    continue
            by_id[e.id] = e
    live = list(by_id.values())

    # parents
    for e in live:
        if e.parent and e.parent != e.id and e.parent not in by_id:
            problems.append(f"{e.path}:{e.line}: parent {e.parent} of {e.id} is no known id")
    for e in live:
        seen = {e.id}
        p = by_id.get(e.parent) if e.parent else None
        while p is not None:
            if p.id in seen:
                problems.append(f"{e.path}:{e.line}: parent chain of {e.id} loops at {p.id}")
                break
            seen.add(p.id)
            p = by_id.get(p.parent) if p.parent else None

    # aliases against names and other aliases: errors between bundled
    # entries, warnings when a user or optional file is involved
    warnings = []

    def clash(e, o, msg):
        (problems if e.bundled and o.bundled else warnings).append(msg)

    names = collections.defaultdict(list)
    for e in live:
        names[e.name].append(e)
    claims = collections.defaultdict(list)
    for e in live:
        for a in e.aliases:
            claims[a].append(e)
    for a, es in claims.items():
        for e in es:
            for o in names.get(a, []):
                if o is not e:
                    clash(e, o, f"{e.path}:{e.line}: alias {a!r} of {e.id} is the name of "
                                f"{o.id} ({o.path}:{o.line})")
        if len(es) > 1:
            first = es[0]
            for e in es[1:]:
                # an alias the entry lists in its shared_aliases column is
                # shared knowingly: a name several places have, resolved by
                # the document's other places like a shared canonical name
                if a in e.attrs.get("shared_aliases", "").split("|"):
                    continue
                clash(e, first, f"{e.path}:{e.line}: alias {a!r} of {e.id} is also an alias "
                                f"of {first.id} ({first.path}:{first.line})")

    # shared names: allowed, summarised
    shared = {n: es for n, es in names.items() if len(es) > 1}

    if not quiet:
        for w in warnings[:50]:
            print("warning: " + w)
        if len(warnings) > 50:
            print(f"warning: … and {len(warnings) - 50} more alias clashes with non-bundled files")
    for p in problems:
        print(p)
    if problems:
        print(f"check_dict: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    if not quiet:
        for f, entries in per_file:
            types = collections.Counter(e.type for e in entries)
            levels = collections.Counter(e.attrs.get("level") or "-" for e in entries)
            naliases = sum(len(e.aliases) for e in entries)
            print(f"{f}: {len(entries)} entries; "
                  + ", ".join(f"{t} {n}" for t, n in sorted(types.items()))
                  + "; level " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items()))
                  + f"; {naliases} aliases")
        if shared:
            top = sorted(shared.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8]
            print(f"shared names: {len(shared)} names are the name of "
                  f"{sum(len(es) for es in shared.values())} entries (allowed; "
                  "resolved by context): "
                  + ", ".join(f"{n} ×{len(es)}" for n, es in top))
        if warnings:
            print(f"check_dict: {len(warnings)} warning(s)")
        print(f"check_dict: OK, {len(live)} entries in {len(files)} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
