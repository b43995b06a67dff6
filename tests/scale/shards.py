"""The corpus the scale-out tests cut into shards: the bundled sample page
and news-like text from bench/gen_archive.py (made up, seeded), with its
5 000-name list compiled into the dictionary the workers are sent."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GRAPH_FILES = ("graph.graphml", "graph.json", "graph.egb")
# The graph is analysed without the layout and betweenness, which would
# take most of the tests' time (under ASan) and do not depend on how the
# counts were made: what is compared is the counts, measures and evidence.
ANALYSIS = ["--no-layout", "--betweenness-limit", "0"]


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def make(entgraph, tmp, n_shards=6, mb="0.3"):
    """Writes shard folders s1..sN under tmp (s1: the sample page; the
    others: the generated text cut at article ends, one file each, with
    dated JSONL documents in s4) and names.egd. Returns the shard paths,
    relative to tmp, in corpus order."""
    gen = os.path.join(tmp, "gen")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_archive.py"), mb, gen],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(gen, "corpus.txt"), encoding="utf-8") as f:
        articles = f.read().split("\n\n")
    shards = ["s%d" % i for i in range(1, n_shards + 1)]
    for s in shards:
        os.makedirs(os.path.join(tmp, s))
    sample = os.path.join(ROOT, "sample")
    for name in sorted(os.listdir(sample)):
        with open(os.path.join(sample, name), "rb") as f, open(os.path.join(tmp, "s1", name), "wb") as g:
            g.write(f.read())
    k = n_shards - 1
    for i in range(k):
        part = articles[i * len(articles) // k:(i + 1) * len(articles) // k]
        with open(os.path.join(tmp, shards[i + 1], "part.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(part) + "\n")
    with open(os.path.join(ROOT, "tests", "data", "dated.jsonl"), "rb") as f, \
            open(os.path.join(tmp, shards[min(3, k)], "dated.jsonl"), "wb") as g:
        g.write(f.read())
    subprocess.run([entgraph, "dict", "compile", "-d", os.path.join(gen, "names_5k.tsv"),
                    "-o", os.path.join(tmp, "names.egd")], check=True, stdout=subprocess.DEVNULL)
    return shards


def one_build(entgraph, tmp, shards, out="one"):
    """The reference: one build over all shards in order, from tmp."""
    subprocess.run([entgraph, "build", "-q", "-d", "names.egd"] + ANALYSIS + ["-o", out] + shards,
                   cwd=tmp, check=True)


def same_graph(tmp, a, b):
    """The names of the graph files that differ between folders a and b."""
    bad = []
    for name in GRAPH_FILES:
        with open(os.path.join(tmp, a, name), "rb") as f, open(os.path.join(tmp, b, name), "rb") as g:
            if f.read() != g.read():
                bad.append(name)
    return bad
