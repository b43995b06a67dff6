#!/usr/bin/env python3
"""Score predictions on bench/genres/dev.jsonl per section (headlines, social,
broadcast) with the evaluation's score.py, so that one genre's loss does not
hide behind another's gain.

    bench/genres/by_section.py PRED.jsonl [GOLD.jsonl] [SCORE.py]
"""
import json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
pred = sys.argv[1]
gold = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "dev.jsonl")
score = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "..", "shared", "eval", "score.py")
# ids gn-0001..0120 headlines, 0121..0240 social, 0241..0360 broadcast (see README)
sections = [("headlines", 1, 120), ("social", 121, 240), ("broadcast", 241, 360)]

def load(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]

g, p = load(gold), {d["id"]: d for d in load(pred)}
with tempfile.TemporaryDirectory() as tmp:
    for name, lo, hi in sections:
        keep = [d for d in g if lo <= int(d["id"].split("-")[1]) <= hi]
        gf, pf, jf = (os.path.join(tmp, name + x) for x in (".gold", ".pred", ".json"))
        with open(gf, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in keep)
        with open(pf, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(p.get(d["id"], {"id": d["id"], "entities": []}), ensure_ascii=False) + "\n"
                         for d in keep)
        subprocess.run([sys.executable, score, gf, pf, "--json", jf], check=True, stdout=subprocess.DEVNULL)
        r = json.load(open(jf))
        rows = dict(r["per_type"], micro=r["micro"])
        row = "  ".join("%s %.1f/%.1f/%.1f" % (t, 100 * rows[t]["precision"], 100 * rows[t]["recall"],
                                              100 * rows[t]["f1"]) for t in ("PER", "LOC", "ORG", "micro"))
        print("%-10s %s" % (name, row))
