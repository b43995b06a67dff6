#!/usr/bin/python3
"""Convert source.txt (inline [[TYPE:text]] markup) to dev.jsonl.

Section headers are lines that start with "# " (hash + space); social-media items may
themselves start with "#话题#", so a bare "#" is not enough to make a header.
Offsets are computed here, in Unicode code points, end exclusive; never typed by hand.
"""
import json, re, sys, os
from collections import Counter, defaultdict

os.chdir(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"\[\[(PER|LOC|ORG):([^\[\]]+?)\]\]")

def convert(src):
    text, ents, pos, last = [], [], 0, 0
    for m in MARK.finditer(src):
        plain = src[last:m.start()]
        if "[[" in plain or "]]" in plain or "[[" in m.group(2):
            raise ValueError("stray bracket in: " + src)
        text.append(plain); pos += len(plain)
        t, s = m.group(1), m.group(2)
        ents.append({"start": pos, "end": pos + len(s), "type": t, "text": s})
        text.append(s); pos += len(s)
        last = m.end()
    tail = src[last:]
    if "[[" in tail or "]]" in tail:
        raise ValueError("stray bracket in: " + src)
    text.append(tail)
    return "".join(text), ents

recs, section, sec_of = [], None, {}
for ln, line in enumerate(open("source.txt", encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if not line.strip():
        continue
    if line.startswith("# "):
        section = line[2:].strip(); continue
    if re.search(r"\[\[(?!PER:|LOC:|ORG:)", line):
        sys.exit("line %d: unknown tag: %s" % (ln, line))
    text, ents = convert(line)
    rid = "gn-%04d" % (len(recs) + 1)
    recs.append({"id": rid, "text": text, "entities": ents})
    sec_of[rid] = section

# validate
ids, texts = set(), set()
for r in recs:
    assert r["id"] not in ids; ids.add(r["id"])
    assert r["text"] not in texts, "duplicate text " + r["text"]; texts.add(r["text"])
    assert r["text"] == r["text"].strip(), ("leading/trailing space", r["id"])
    prev_end = 0
    for e in sorted(r["entities"], key=lambda e: e["start"]):
        assert r["text"][e["start"]:e["end"]] == e["text"], (r["id"], e)
        assert e["start"] >= prev_end, ("overlap", r["id"], e)
        assert e["text"] == e["text"].strip() and e["end"] > e["start"], (r["id"], e)
        assert "[" not in e["text"] and "]" not in e["text"], (r["id"], e)
        prev_end = e["end"]
    assert "[[" not in r["text"] and "]]" not in r["text"], r["id"]

with open("dev.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

# report
types = ["PER", "LOC", "ORG"]
secs = []
for r in recs:
    if sec_of[r["id"]] not in secs:
        secs.append(sec_of[r["id"]])
print("%-28s %5s %5s %5s %5s %6s %6s %7s" % ("section", "items", "none", "PER", "LOC", "ORG", "total", "chars"))
for s in secs + ["ALL"]:
    rs = [r for r in recs if s == "ALL" or sec_of[r["id"]] == s]
    c = Counter(e["type"] for r in rs for e in r["entities"])
    print("%-28s %5d %5d %5d %5d %6d %6d %7d" % (s, len(rs), sum(1 for r in rs if not r["entities"]),
          c["PER"], c["LOC"], c["ORG"], sum(c.values()), sum(len(r["text"]) for r in rs)))
print("distinct strings", {t: len({e["text"] for r in recs for e in r["entities"] if e["type"] == t}) for t in types})
per = Counter(e["text"] for r in recs for e in r["entities"] if e["type"] == "PER")
over = {k: v for k, v in per.items() if v > 2}
if over:
    print("WARNING: PER names used more than twice:", over)
