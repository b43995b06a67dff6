#!/usr/bin/python3
"""The co-occurrence graph a user would build without entgraph, with jieba
and networkx: the baseline of bench/bench_build.sh.

usage: /usr/bin/python3 jieba_networkx.py INPUT.txt OUT.graphml

Reads the text, cuts it into sentences (。！？!? and line ends), tags each
with jieba.posseg.cut, takes nr/ns/nt words as PER/LOC/ORG, counts each
pair of distinct entities in a sentence once, and writes the graph with
networkx.write_graphml (node attributes label, type, count; edge weight).
Needs Debian's python3-jieba and python3-networkx (run with /usr/bin/python3).
"""
import collections
import itertools
import re
import sys

import jieba
import jieba.posseg
import networkx

TYPES = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    jieba.setLogLevel(60)
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    count = collections.Counter()
    pairs = collections.Counter()
    types = {}
    for sentence in SENTENCE.findall(text):
        found = set()
        for w in jieba.posseg.cut(sentence):
            t = TYPES.get(w.flag)
            if t:
                found.add(w.word)
                types.setdefault(w.word, t)
                count[w.word] += 1
        for a, b in itertools.combinations(sorted(found), 2):
            pairs[(a, b)] += 1
    g = networkx.Graph()
    for name, c in count.items():
        g.add_node(name, label=name, type=types[name], count=c)
    for (a, b), w in pairs.items():
        g.add_edge(a, b, weight=w)
    networkx.write_graphml(g, sys.argv[2])
    print("%d nodes, %d edges" % (g.number_of_nodes(), g.number_of_edges()), file=sys.stderr)


if __name__ == "__main__":
    main()
