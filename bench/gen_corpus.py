#!/usr/bin/python3
"""Writes a synthetic corpus of about SIZE_MB megabytes for bench/run_input.py.

usage: gen_corpus.py FORMAT SIZE_MB OUT
  FORMAT  text      one plain UTF-8 file (exercises cutting into parts)
          jsonl     one JSONL file, a document per line with id/date/source
          gb18030   one plain file in GB18030 (exercises the ICU converter)

The text is the bundled sample page's paragraphs, shuffled (seeded, so the
output is the same every time), with a hard-wrapped line now and then and
paragraphs separated by blank lines, as in PDF-extracted newspaper text.
The entity set is that of the sample, so the graph stays the same size and
any growth of memory with the input size is the reader's or extractor's.
Generated data is never committed: write it outside the checkout (/tmp).
"""
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "sample", "000_d3a17d0daa653c78.txt")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("text", "jsonl", "gb18030"):
        sys.exit(__doc__)
    fmt, size, out = sys.argv[1], int(float(sys.argv[2]) * 1e6), sys.argv[3]
    with open(SAMPLE, encoding="utf-8") as f:
        pars = [p.strip() for p in f.read().split("\n\n") if p.strip()]
    rng = random.Random(7)
    encoding = "gb18030" if fmt == "gb18030" else "utf-8"
    written = 0
    doc = 0
    with open(out, "w", encoding=encoding, newline="\n") as f:
        while written < size:
            doc += 1
            body = rng.sample(pars, k=min(len(pars), 12))
            if fmt == "jsonl":
                line = json.dumps({"id": "doc-%d" % doc, "date": "2021-%02d-%02d" % (doc % 12 + 1, doc % 28 + 1),
                                   "source": "bench", "text": "\n\n".join(body)},
                                  ensure_ascii=False) + "\n"
            else:
                line = "\n\n".join(body) + "\n\n\n"
            f.write(line)
            written += len(line.encode(encoding))
    print("%s: %.1f MB, %d %s" % (out, written / 1e6, doc,
                                  "documents" if fmt == "jsonl" else "pages"))


if __name__ == "__main__":
    main()
