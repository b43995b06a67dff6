#!/usr/bin/env python3
"""gen_jieba_fixture.py — writes tests/data/jieba_user.txt, a user dictionary
in jieba's format, built from the bundled dictionary, for tests of a jieba
user-dictionary reader.

usage: python3 scripts/gen_jieba_fixture.py [--out FILE]

jieba's user-dictionary format: UTF-8, one word per line, fields separated by
one space, `word [freq] [pos]` — the frequency (a non-negative integer) and
the part-of-speech tag (lower-case letters) are both optional, so `word`,
`word freq`, `word pos` and `word freq pos` are all valid lines. The format
has no comments and no header, so the file holds only such lines.

What it writes, in this order (deterministic; no randomness):
  ns  places: every province and prefecture in dict/cn_divisions.tsv, the
      counties of Zhejiang, and every country in dict/world_countries.tsv,
      each name and alias (names with a space are skipped);
      freq by level: province 5000, country 4000, prefecture 3000, county 1000
  nt  organisations: every name and alias in dict/cn_organisations.tsv,
      freq 2000
  nr  40 made-up person names (a surname list crossed with a given-name
      list, not real people), freq 500
  n, v, vn  a few common words, with freq
  (no tag) a few words with a freq only, and a few words alone
  (tag only) a few places with a tag and no freq

The malformed counterpart, tests/data/jieba_bad.txt, is small and written by
hand (its lines are described in dict/README.md); this script does not touch it.

Prints the number of lines per tag to standard error. Standard library only.
"""

import collections
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SURNAMES = ["赵", "钱", "孙", "周", "吴", "郑", "冯", "褚"]
GIVEN = ["一鸣", "若溪", "子墨", "思远", "嘉禾"]

COMMON = [
    ("合作社", 800, "n"), ("村委会", 800, "n"), ("开发区", 800, "n"), ("图书馆", 600, "n"),
    ("联谊会", 300, "n"), ("志愿者", 700, "n"), ("乡村振兴", 900, "n"), ("营商环境", 500, "n"),
    ("调研", 900, "v"), ("座谈", 600, "v"), ("走访", 700, "v"), ("签约", 600, "v"),
    ("揭牌", 400, "v"), ("部署", 800, "v"), ("推进", 900, "v"), ("落实", 900, "v"),
    ("宣讲", 300, "vn"), ("帮扶", 400, "vn"), ("整治", 500, "vn"),
]
FREQ_ONLY = [("数字化改革", 300), ("共同富裕", 600), ("未来社区", 200), ("一网通办", 150)]
WORD_ONLY = ["网格员", "新居民", "小微企业", "示范村"]
TAG_ONLY = [("王江泾镇", "ns"), ("油车港镇", "ns"), ("沈荡镇", "ns"), ("西塘桥街道", "ns")]


def read_tsv(name):
    """Entries of a bundled file as dicts (id, name, aliases list, level)."""
    out = []
    header = None
    with open(os.path.join(ROOT, "dict", name), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            row = dict(zip(header, fields))
            row["aliases"] = [a for a in row["aliases"].split("|") if a]
            out.append(row)
    return out


def main(argv):
    out_path = os.path.join(ROOT, "tests", "data", "jieba_user.txt")
    if argv[:1] == ["--out"] and len(argv) == 2:
        out_path = argv[1]
    elif argv:
        print("usage: gen_jieba_fixture.py [--out FILE]", file=sys.stderr)
        return 2

    lines = []
    seen = set()
    tags = collections.Counter()

    def add(word, freq=None, tag=None):
        if " " in word or word in seen:
            return
        seen.add(word)
        parts = [word] + ([str(freq)] if freq is not None else []) + ([tag] if tag else [])
        lines.append(" ".join(parts))
        tags[tag or "(none)"] += 1

    places = read_tsv("cn_divisions.tsv")
    freq = {"province": 5000, "prefecture": 3000, "county": 1000}
    for e in places:
        if e["level"] in ("province", "prefecture") or (
                e["level"] == "county" and e["id"].startswith("adm:33")):
            for w in [e["name"]] + e["aliases"]:
                add(w, freq[e["level"]], "ns")
    for e in read_tsv("world_countries.tsv"):
        if e["level"] == "country":
            for w in [e["name"]] + e["aliases"]:
                add(w, 4000, "ns")
    for e in read_tsv("cn_organisations.tsv"):
        for w in [e["name"]] + e["aliases"]:
            add(w, 2000, "nt")
    for s in SURNAMES:
        for g in GIVEN:
            add(s + g, 500, "nr")
    for w, f, t in COMMON:
        add(w, f, t)
    for w, f in FREQ_ONLY:
        add(w, f)
    for w in WORD_ONLY:
        add(w)
    for w, t in TAG_ONLY:
        add(w, None, t)

    with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"gen_jieba_fixture: {len(lines)} lines → {os.path.relpath(out_path)}: "
          + ", ".join(f"{t} {n}" for t, n in sorted(tags.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
