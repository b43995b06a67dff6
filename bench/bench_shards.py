#!/usr/bin/python3
"""Scale-out figures: one build against the Dask driver on shards of the
same corpus, and the merge of many small partials. Not a test: run by
hand; prints Markdown tables, all from one run.

usage: bench/bench_shards.py [--size MB] [--shards N] [--workers N]
                             [--merge-counts 10,100,1000] [--work DIR]
                             [--entgraph BIN]

1. Generates (bench/gen_archive.py, seeded) a news-like corpus of --size MB
   (default 100), compiles its 5 000-name list alone (dict compile
   --no-default-dict), cuts the corpus at article ends into --shards files
   (default 20), then times, each once:
     build --threads 1 and --threads 2 over the shard files in order;
     contrib/dask/entgraph_dask.py on a LocalCluster of --workers processes
     (default 2; one thread each, cluster start included), partials
     returned as bytes, merged here;
   and checks the graph files are byte-identical.
2. Counts --merge-counts small shards (a few articles each, from the same
   corpus) into partials, then for each count N times, with peak RSS:
     merge -f json --no-layout of the N partials at once (the graph);
     merge --partial of the N at once (one partial, no graph);
     rounds of 32 (merge --partial of 32 consecutive ones, one after the
     other here, as workers would do them) and the graph of what is left.
Peak RSS is the process's own (/usr/bin/time), in MiB. --only build|merge
runs one part.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(argv, cwd=None, stderr=None):
    """Runs argv; returns (wall seconds, peak RSS MiB, CPU seconds: user +
    system of it and the children it waited for). Raises on failure. The
    figures are /usr/bin/time's: a child forked from this process would
    count this process's pages, copied at the fork, as its own."""
    t = time.time()
    with tempfile.NamedTemporaryFile("r") as rss:
        p = subprocess.run(["/usr/bin/time", "-q", "-f", "%M %U %S", "-o", rss.name] + argv, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=stderr)
        wall = time.time() - t
        if p.returncode:
            raise SystemExit("failed (%d): %s" % (p.returncode, " ".join(argv)))
        m, u, s = rss.read().split()[-3:]
        return wall, int(m) / 1024.0, float(u) + float(s)


def same(a, b, names=("graph.graphml", "graph.json", "graph.egb")):
    for n in names:
        with open(os.path.join(a, n), "rb") as f, open(os.path.join(b, n), "rb") as g:
            if f.read() != g.read():
                return "differs: " + n
    return "byte-identical"


def load():
    return "%.2f" % os.getloadavg()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="100")
    ap.add_argument("--shards", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--merge-counts", default="10,100,1000")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "entgraph-bench-shards"))
    ap.add_argument("--only", choices=("build", "merge"), help="run one of the two parts")
    ap.add_argument("--entgraph", default=os.path.join(ROOT, "build", "src", "cli", "entgraph"))
    a = ap.parse_args()
    eg = os.path.abspath(a.entgraph)
    os.makedirs(a.work, exist_ok=True)
    os.chdir(a.work)
    if not (os.path.exists("corpus.txt") and os.path.exists("corpus.size")
            and open("corpus.size").read().strip() == a.size):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_archive.py"), a.size, "."], check=True)
        with open("corpus.size", "w") as f:
            f.write(a.size + "\n")
    if not os.path.exists("names_5k.egd"):
        subprocess.run([eg, "dict", "compile", "--no-default-dict", "-d", "names_5k.tsv", "-o", "names_5k.egd"],
                       check=True, stdout=subprocess.DEVNULL)
    with open("corpus.txt", encoding="utf-8") as f:
        articles = f.read().split("\n\n")
    mb = os.path.getsize("corpus.txt") / 1e6

    if a.only != "merge":
        build_vs_dask(a, eg, articles, mb)
    if a.only != "build":
        merge_many(a, eg, articles)


def build_vs_dask(a, eg, articles, mb):
    """Part 1: one build against the Dask driver."""
    shutil.rmtree("shards", ignore_errors=True)
    os.makedirs("shards")
    shards = []
    for i in range(a.shards):
        part = articles[i * len(articles) // a.shards:(i + 1) * len(articles) // a.shards]
        shards.append("shards/%03d.txt" % (i + 1))
        with open(shards[-1], "w", encoding="utf-8") as f:
            f.write("\n\n".join(part) + "\n")
    rows = []
    for t in (1, 2):
        shutil.rmtree("one%d" % t, ignore_errors=True)
        wall, rss, cpu = run([eg, "build", "-q", "--threads", str(t), "-d", "names_5k.egd", "-o", "one%d" % t]
                             + shards)
        rows.append(("`build --threads %d`" % t, wall, cpu, "%.0f MiB" % rss, same("one1", "one%d" % t), load()))
    shutil.rmtree("dask", ignore_errors=True)
    with open("dask.log", "w") as log:
        wall, _, cpu = run([sys.executable, os.path.join(ROOT, "contrib", "dask", "entgraph_dask.py"),
                            "--merge-opts=-q", "--workers", str(a.workers), "-d", "names_5k.egd",
                            "--entgraph", eg, "-o", "dask"] + shards, stderr=log)
    # the driver's own clock starts once the cluster is up
    text = open("dask.log").read()
    counted = float(re.search(r"merging \d+ partials here \(([\d.]+) s so far\)", text).group(1))
    done = float(re.search(r"done in ([\d.]+) s", text).group(1))
    rows.append(("Dask driver, LocalCluster of %d workers: all of it" % a.workers, wall, cpu,
                 "(several processes)", same("one1", "dask"), load()))
    rows.append(("… starting the cluster, connecting", wall - done, None, "", "", ""))
    rows.append(("… counting the %d shards on the workers (dictionary sent)" % a.shards, counted, None,
                 "", "", ""))
    rows.append(("… the last merge here (the graph: analysis and files)", done - counted, None, "", "", ""))
    print("\n%.1f MB corpus, %d shards, 5 000 names; cores: %d\n" % (mb, a.shards, os.cpu_count()))
    print("| run | wall s | MB/s | CPU s | peak RSS | graph vs build --threads 1 | load |")
    print("|---|---|---|---|---|---|---|")
    for name, wall, cpu, rss, cmp, ld in rows:
        print("| %s | %.2f | %s | %s | %s | %s | %s |" % (name, wall, "%.1f" % (mb / wall) if cpu else "",
                                                        "%.1f" % cpu if cpu else "", rss, cmp, ld))
    sys.stdout.flush()


def merge_many(a, eg, articles):
    """Part 2: merging many small partials."""
    counts = [int(x) for x in a.merge_counts.split(",")]
    most = max(counts)
    os.makedirs("small", exist_ok=True)
    per = max(1, min(20, len(articles) // most))
    todo = []
    for i in range(most):
        path = "small/%05d.txt" % (i + 1)
        if not os.path.exists("small/%05d.egp" % (i + 1)):
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n\n".join(articles[i * per:(i + 1) * per]) + "\n")
            todo.append(i + 1)
    procs = []
    for i in todo:  # two at a time
        procs.append(subprocess.Popen([eg, "build", "-q", "-d", "names_5k.egd", "--partial",
                                       "small/%05d.egp" % i, "small/%05d.txt" % i]))
        if len(procs) >= 2:
            if procs.pop(0).wait():
                raise SystemExit("a small build failed")
    for p in procs:
        if p.wait():
            raise SystemExit("a small build failed")
    size = os.path.getsize("small/00001.egp")
    print("\nMerging N small partials (%d articles each; the first is %d KiB)\n" % (per, size // 1024))
    print("| N | partials MiB | merge --partial, all at once: s | peak RSS | rounds of 32: s (sum) "
          "| max peak RSS | sum MiB | graph of the N: s | peak RSS | graphs equal | load |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    graph = ["-q", "-f", "json", "--no-layout", "--betweenness-limit", "0"]
    for n in counts:
        parts = ["small/%05d.egp" % i for i in range(1, n + 1)]
        total = sum(os.path.getsize(p) for p in parts) / 2**20
        for d in ("m-flat", "m-tree", "rounds"):
            shutil.rmtree(d, ignore_errors=True)
        w1, r1, _ = run([eg, "merge", "-q", "--partial", "sum.egp"] + parts)
        out = os.path.getsize("sum.egp") / 2**20
        os.makedirs("rounds")
        level, rnd, w2, r2 = parts, 0, 0.0, 0.0
        while len(level) > 1:
            rnd += 1
            nxt = []
            for g in range(0, len(level), 32):
                group = level[g:g + 32]
                if len(group) == 1:
                    nxt.append(group[0])
                    continue
                nxt.append("rounds/r%d-%05d.egp" % (rnd, g // 32 + 1))
                w, r, _ = run([eg, "merge", "-q", "--partial", nxt[-1]] + group)
                w2, r2 = w2 + w, max(r2, r)
            level = nxt
        w3, r3, _ = run([eg, "merge"] + graph + ["-o", "m-flat"] + parts)
        run([eg, "merge"] + graph + ["-o", "m-tree"] + level)
        eq = same("m-flat", "m-tree", ("graph.json", "graph.egb"))
        print("| %d | %.1f | %.2f | %.0f MiB | %.2f (%d rounds) | %.0f MiB | %.1f | %.2f | %.0f MiB | %s | %s |"
              % (n, total, w1, r1, w2, rnd, r2, out, w3, r3, eq, load()))
        sys.stdout.flush()

if __name__ == "__main__":
    main()
