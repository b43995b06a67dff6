#!/usr/bin/python3
"""Calibrates the tagger's confidence: how often a name the tagger alone
found (rule "model") is right, as a function of its margin.

Reads the cross-validated predictions that `scripts/train-tagger.sh --cv K DIR`
leaves in DIR (pred.keep-dict.SET.jsonl, each fold tagged by a model that
never saw it) and the gold of each set; every mention of rule "model" is
right when its span and type are a gold entity's. Fits, per type, a logistic
curve P(right) = 1 / (1 + exp(-(a + b * log(1 + margin)))) by Newton's
method, prints the fit, a reliability table (margin bins: count, observed
share right, mean predicted) and, for thresholds on the margin, what dropping
the model names below it would do to each set (right ones lost against the
set's gold, wrong ones removed).

Usage: calibrate_confidence.py DIR [--data ../shared] [--genres bench/genres/dev.jsonl]
       [--sets msra_dev,pd_dev,genres] [--dump FILE.tsv]
"""
import argparse
import json
import math
import os
import sys


def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r
    return out


def rows(gold, pred):
    """(set-independent) rows: type, margin, right, and the gold count."""
    out, n_gold = [], 0
    for i, g in gold.items():
        want = {(e["start"], e["end"], e["type"]) for e in g["entities"] if e["type"] in ("PER", "LOC", "ORG")}
        n_gold += len(want)
        for m in pred.get(i, {}).get("entities", []):
            if m.get("rule") != "model":
                continue
            out.append((m["type"], m.get("margin", 0), (m["start"], m["end"], m["type"]) in want, m.get("text", "")))
    return out, n_gold


def fit(xs, ys, iters=50):
    """Logistic regression of ys on one feature xs (with an intercept)."""
    a, b = 0.0, 0.0
    for _ in range(iters):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in zip(xs, ys):
            p = 1.0 / (1.0 + math.exp(-(a + b * x)))
            ga += y - p
            gb += (y - p) * x
            w = p * (1 - p)
            haa += w
            hab += w * x
            hbb += w * x * x
        haa += 1e-6
        hbb += 1e-6
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a += da
        b += db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


def feature(m):
    return math.log1p(max(m, 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared"))
    ap.add_argument("--genres", default=os.path.join(here, "..", "bench", "genres", "dev.jsonl"))
    ap.add_argument("--sets", default="msra_dev,pd_dev,genres")
    ap.add_argument("--mode", default="keep-dict")
    ap.add_argument("--pattern", default="pred.%(mode)s.%(set)s.jsonl",
                    help="the predictions' file names in DIR")
    ap.add_argument("--dump", help="write type, margin, right, text of every model mention here")
    a = ap.parse_args()
    per_set = {}
    allrows = []
    for s in a.sets.split(","):
        gpath = a.genres if s == "genres" else os.path.join(a.data, "eval", s + ".jsonl")
        r, n_gold = rows(load(gpath), load(os.path.join(a.dir, a.pattern % {"mode": a.mode, "set": s})))
        per_set[s] = (r, n_gold)
        allrows += [(s,) + x for x in r]
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            for x in allrows:
                f.write("%s\t%s\t%d\t%d\t%s\n" % (x[0], x[1], x[2], x[3], x[4]))
    bins = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1 << 30]
    for t in ("PER", "LOC", "ORG"):
        r = [x for x in allrows if x[1] == t]
        if not r:
            continue
        xs = [feature(x[2]) for x in r]
        ys = [1.0 if x[3] else 0.0 for x in r]
        ca, cb = fit(xs, ys)
        ll = -sum(math.log(max(1e-12, (1 / (1 + math.exp(-(ca + cb * x)))) if y else
                                1 - 1 / (1 + math.exp(-(ca + cb * x))))) for x, y in zip(xs, ys)) / len(r)
        base = sum(ys) / len(ys)
        ll0 = -sum(math.log(base if y else 1 - base) for y in ys) / len(r)
        print("\n%s: %d model names, %.3f right; fit a=%.4f b=%.4f (log loss %.4f, constant %.4f)" %
              (t, len(r), base, ca, cb, ll, ll0))
        print("| margin | names | right | predicted |")
        print("| --- | --- | --- | --- |")
        for lo, hi in zip(bins, bins[1:]):
            sel = [(x, y) for x, y, m in zip(xs, ys, r) if lo <= m[2] < hi]
            if not sel:
                continue
            pr = sum(1 / (1 + math.exp(-(ca + cb * x))) for x, _ in sel) / len(sel)
            print("| %d-%d | %d | %.3f | %.3f |" % (lo, hi - 1, len(sel), sum(y for _, y in sel) / len(sel), pr))
        # the table eg__span_confidence uses: per margin bin, the share
        # right, pooled with its neighbours where it would fall as the
        # margin grows (pool adjacent violators), in hundredths
        cells = []
        for lo, hi in zip(bins, bins[1:]):
            sel = [y for y, m in zip(ys, r) if lo <= m[2] < hi]
            cells.append([sum(sel), len(sel), [lo]])
        # bins of fewer than 20 names join their neighbour below (the
        # lowest, its neighbour above): a share of 2 or 11 names says little
        merged = []
        for c in cells:
            if merged and (c[1] < 20 or merged[-1][1] < 20):
                merged[-1] = [merged[-1][0] + c[0], merged[-1][1] + c[1], merged[-1][2] + c[2]]
            else:
                merged.append(c)
        if len(merged) > 1 and merged[-1][1] < 20:
            last = merged.pop()
            merged[-1] = [merged[-1][0] + last[0], merged[-1][1] + last[1], merged[-1][2] + last[2]]
        cells = [c for c in merged if c[1]]
        pooled = []
        for c in cells:
            pooled.append(c)
            while len(pooled) > 1 and pooled[-2][0] / pooled[-2][1] >= pooled[-1][0] / pooled[-1][1]:
                last = pooled.pop()
                pooled[-1] = [pooled[-1][0] + last[0], pooled[-1][1] + last[1], pooled[-1][2] + last[2]]
        table = [(c[2][0], c[0] / c[1], c[1]) for c in pooled]
        print("table (margin from, P right; names):", ", ".join("{%d, %.2f} (%d)" % (lo, min(p, 0.98), k) for lo, p, k in table))
        print("threshold: per set, right lost (recall points) / wrong removed")
        for th in (1, 2, 4, 8, 16, 32):
            cells = []
            for s, (rs, n_gold) in per_set.items():
                lost = sum(1 for x in rs if x[0] == t and x[1] < th and x[2])
                gone = sum(1 for x in rs if x[0] == t and x[1] < th and not x[2])
                cells.append("%s %d (%.2f) / %d" % (s, lost, 100.0 * lost / max(1, n_gold), gone))
            print("  margin < %d: %s" % (th, "; ".join(cells)))


if __name__ == "__main__":
    sys.exit(main())
