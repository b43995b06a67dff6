#!/usr/bin/python3
"""Convert source.txt (inline [[TYPE:text]] markup, '#' lines = section headers) to heldout.jsonl."""
import json, re, sys
from collections import Counter

MARK = re.compile(r"\[\[(PER|LOC|ORG):([^\[\]]+?)\]\]")

def convert(src):
    text, ents, pos = [], [], 0
    last = 0
    for m in MARK.finditer(src):
        plain = src[last:m.start()]
        if "[[" in plain or "]]" in plain:
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

recs, section, sections = [], None, Counter()
for line in open("source.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip():
        continue
    if line.startswith("#"):
        section = line[1:].strip(); continue
    text, ents = convert(line)
    recs.append({"id": "ho-%04d" % (len(recs) + 1), "text": text, "entities": ents})
    sections[section] += 1

# validate
ids, texts = set(), set()
for r in recs:
    assert r["id"] not in ids; ids.add(r["id"])
    assert r["text"] not in texts, "duplicate text " + r["text"]; texts.add(r["text"])
    assert r["text"] == r["text"].strip() or r["text"].startswith("（")
    prev_end = 0
    for e in sorted(r["entities"], key=lambda e: e["start"]):
        assert r["text"][e["start"]:e["end"]] == e["text"], (r["id"], e)
        assert e["start"] >= prev_end, ("overlap", r["id"], e)
        assert e["text"] == e["text"].strip() and e["end"] > e["start"]
        prev_end = e["end"]

with open("heldout.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

c = Counter(e["type"] for r in recs for e in r["entities"])
print("sentences", len(recs), "| no-entity", sum(1 for r in recs if not r["entities"]))
print("entities", dict(c), "total", sum(c.values()))
print("distinct", {t: len({e["text"] for r in recs for e in r["entities"] if e["type"] == t}) for t in c})
print("sections", dict(sections))
print("chars", sum(len(r["text"]) for r in recs))
