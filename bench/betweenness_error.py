#!/usr/bin/python3
"""How far sampled betweenness is from exact, on a real build.

usage: betweenness_error.py ENTGRAPH OUTDIR [build options and INPUT...]

Builds the graph twice with the given options: with --betweenness-limit
raised until betweenness is exact, and with the default limit (sampled
when the graph is large enough), then compares the two graph.json files:
  max error   largest |sampled - exact| over nodes, relative to the largest
              exact value
  mean error  mean |sampled - exact| over nodes with edges, same scale
  spearman    rank correlation of the two over nodes with edges
  top-k       how many of the exact top k are in the sampled top k
Prints one Markdown row. Not a test: run by hand (bench/).
"""
import json
import os
import subprocess
import sys


def betweenness(path):
    with open(path, encoding="utf-8") as f:
        g = json.load(f)
    return g["graph"]["betweenness"], {n["id"]: (n.get("betweenness") or 0.0, n.get("degree", 0)) for n in g["nodes"]}


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 1.0


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    eg, out, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs = {}
    for name, extra in (("exact", ["--betweenness-limit", str(10**15)]), ("default", [])):
        d = os.path.join(out, name)
        subprocess.run([eg, "build", "-q", "-f", "json", "--no-layout", "-o", d] + extra + rest, check=True)
        runs[name] = betweenness(os.path.join(d, "graph.json"))
    how_e, exact = runs["exact"]
    how_s, sampled = runs["default"]
    ids = [i for i in exact if exact[i][1] > 0]
    e = [exact[i][0] for i in ids]
    s = [sampled[i][0] for i in ids]
    top = max(e) or 1.0
    diffs = [abs(x - y) for x, y in zip(e, s)]
    row = [str(len(exact)), how_s, "%.3f" % (max(diffs) / top), "%.4f" % (sum(diffs) / len(diffs) / top),
           "%.3f" % spearman(e, s)]
    for k in (10, 100):
        te = set(sorted(ids, key=lambda i: -exact[i][0])[:k])
        ts = set(sorted(ids, key=lambda i: -sampled[i][0])[:k])
        row.append("%d/%d" % (len(te & ts), k))
    assert how_e == "exact", how_e
    print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
