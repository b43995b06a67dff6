#!/usr/bin/python3
"""'entgraph query' answers from the mapped graph.egb (egb version 3) what
it answers from the whole graph, byte for byte, and refuses a damaged
file cleanly.

usage: query_mapped.py ENTGRAPH SAMPLE_DIR V1_EGB

Builds the sample (graph.json + graph.egb), then for every name in the
graph (ids, labels, aliases) and a set of pairs and texts runs stats, top,
neighbors, explain and find against a copy of graph.json alone (loaded
whole) and against graph.egb (mapped), and requires the same stdout,
stderr and exit status. Then: a truncated file and files with bytes
changed all over the index give exit status 1 and an error, never a
crash; a version 1 egb (V1_EGB) is still read.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile


def run(eg, graph, args):
    r = subprocess.run([eg, "query", graph] + args, capture_output=True, timeout=60)
    base = os.path.basename(graph).encode()
    return r.stdout.replace(base, b"G"), r.stderr.replace(base, b"G"), r.returncode


def main():
    eg, sample, v1 = sys.argv[1:4]
    tmp = tempfile.mkdtemp(prefix="query_mapped.")
    failures = 0
    try:
        subprocess.run([eg, "build", "-q", "-f", "json", "-o", tmp, sample], check=True)
        js = os.path.join(tmp, "whole.json")
        shutil.copy(os.path.join(tmp, "graph.json"), js)  # no graph.egb beside it
        egb = os.path.join(tmp, "graph.egb")
        with open(egb, "rb") as f:
            head = f.read(12)
            assert head[:4] == b"EGB2" and head[8:12] == (3).to_bytes(4, sys.byteorder), \
                "build writes egb version 3 (magic EGB2)"
        with open(js, encoding="utf-8") as f:
            g = json.load(f)
        names = set()
        for n in g["nodes"]:
            names.update([n["id"], n["label"]])
            a = n.get("aliases") or []
            names.update(a if isinstance(a, list) else a.split("|"))
        names = sorted(x for x in names if x)
        rng = random.Random(7)
        cmds = [["stats"], ["stats", "--json"], ["stats", "--tsv"]]
        for by in ["degree", "strength", "pagerank", "count", "docs", "betweenness"]:
            cmds += [["top", "--by", by], ["top", "--by", by, "-n", "0", "--json"],
                     ["top", "--by", by, "--type", "loc", "-n", "4", "--tsv"]]
        for k, nm in enumerate(names):  # each form of each question on some names
            cmds += [[["neighbors", nm], ["neighbors", nm, "--json", "-n", "0"],
                      ["neighbors", nm, "--type", "PER", "--min-weight", "2", "--tsv"]][k % 3],
                     [["find", nm[:2]], ["find", nm[-1:], "-n", "0", "--json"]][k % 2]]
        for k, (a, b) in enumerate([rng.sample(names, 2) for _ in range(60)]):
            cmds.append(["explain", a, b] + (["--json"] if k % 2 else []))
        for e in g["links"][:40]:
            cmds.append(["explain", e["source"], e["target"]])
        for x in ["", "A", "county", "|", "不存在的名字"]:
            cmds += [["find", x, "-n", "0", "--json"], ["neighbors", x]]
        for c in cmds:
            whole, mapped = run(eg, js, c), run(eg, egb, c)
            if whole != mapped:
                failures += 1
                if failures <= 5:
                    print("differs:", c, whole, mapped, sep="\n  ")
        print("%d questions, %d answered differently" % (len(cmds), failures))

        # damaged files: refused with exit 1 and a message
        data = open(egb, "rb").read()
        damaged = [data[:n] for n in (3, 100, len(data) // 2, len(data) - 1)]
        for k in range(100):
            b = bytearray(data)
            for _ in range(1 + k % 4):
                i = rng.randrange(len(b))
                b[i] = rng.choice([0, 0xFF, b[i] ^ (1 << rng.randrange(8))])
            damaged.append(bytes(b))
        bad = os.path.join(tmp, "bad.egb")
        questions = [["stats"], ["top", "--by", "degree"], ["neighbors", names[0]],
                     ["find", names[1][:1]], ["explain", names[0], names[1]], ["path", names[0], names[1]]]
        for k, d in enumerate(damaged):
            with open(bad, "wb") as f:
                f.write(d)
            for q in questions[k % 2::2] if k >= 4 else questions:
                out, err, rc = run(eg, bad, q)
                if rc not in (0, 1) or (rc == 1 and b"error" not in err and b"no entity" not in err
                                        and b"not linked" not in err and b"no path" not in err
                                        and b"ambiguous" not in err):
                    failures += 1
                    print("damaged file %d, %s: exit %d, %s" % (k, q, rc, err[:200]))
        out, err, rc = run(eg, os.path.join(tmp, "missing.egb"), ["stats"])
        if rc != 1:
            failures += 1
            print("missing file: exit", rc)

        # version 1 is still read (whole)
        out, err, rc = run(eg, v1, ["stats", "--tsv"])
        if rc != 0 or not out.startswith(b"nodes\t"):
            failures += 1
            print("version 1 file: exit %d, %s" % (rc, err[:200]))
    finally:
        shutil.rmtree(tmp)
    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
