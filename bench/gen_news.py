#!/usr/bin/env python3
"""Write SIZE_MB of news as JSONL by repeating real corpora's documents.

usage: bench/gen_news.py SIZE_MB OUT [CORPUS.jsonl ...]
  CORPUS  JSONL files with "text" (and optionally "id", "title"); default
          ../shared/corpora/sogou_2012.jsonl next to the checkout.
Documents are written in their order, round after round, until OUT holds
at least SIZE_MB * 10^6 bytes; each copy gets the id ORIGINAL#ROUND so ids
stay unique. Deterministic; OUT is for benchmarks (bench_tagger.sh IN=...),
never committed.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    limit = int(float(sys.argv[1]) * 1000000)
    out = sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    corpora = sys.argv[3:] or [os.path.join(here, "..", "..", "shared", "corpora", "sogou_2012.jsonl")]
    docs = []
    for path in corpora:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if line.strip():
                    d = json.loads(line)
                    docs.append((d.get("id") or "%s:%d" % (os.path.basename(path), n + 1), d))
    if not docs:
        sys.exit("gen_news.py: no documents")
    written, rnd = 0, 0
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        while written < limit:
            for ident, d in docs:
                d = dict(d)
                d["id"] = "%s#%d" % (ident, rnd)
                line = json.dumps(d, ensure_ascii=False) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                if written >= limit:
                    break
            rnd += 1
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
