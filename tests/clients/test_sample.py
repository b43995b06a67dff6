#!/usr/bin/python3
"""Acceptance test on the bundled sample page: build the graph, read both
files back with networkx (and GraphML with python-igraph), and check what
the end-to-end issue promises.

usage: test_sample.py ENTGRAPH_BINARY
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def node_named(g, name):
    """The node whose label or alias is name (canonical or alias lookup)."""
    hits = []
    for n, d in g.nodes(data=True):
        aliases = d.get("aliases", "")
        if isinstance(aliases, str):
            aliases = [a for a in aliases.split("|") if a]
        if d.get("label") == name or name in aliases:
            hits.append(n)
    return hits[0] if len(hits) == 1 else None


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="eg-sample-") as out:
        p = subprocess.run([binary, "build", "-o", out, os.path.join(ROOT, "sample")],
                           capture_output=True, text=True, timeout=300)
        print(p.stdout, end="")
        check(p.returncode == 0, "build exited %d: %s" % (p.returncode, p.stderr))
        m_nodes = re.search(r"^nodes:\s+(\d+)", p.stdout, re.M)
        m_edges = re.search(r"^edges:\s+(\d+)", p.stdout, re.M)
        check(m_nodes and m_edges, "summary lacks node/edge counts")
        if failures:
            return
        n_nodes, n_edges = int(m_nodes.group(1)), int(m_edges.group(1))
        gml = nx.read_graphml(os.path.join(out, "graph.graphml"))
        with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
            js = nx.node_link_graph(json.load(f))
        for name, g in (("graphml", gml), ("json", js)):
            check(g.number_of_nodes() == n_nodes,
                  "%s: %d nodes, summary says %d" % (name, g.number_of_nodes(), n_nodes))
            check(g.number_of_edges() == n_edges,
                  "%s: %d edges, summary says %d" % (name, g.number_of_edges(), n_edges))
            ids = {}
            for who in ("工行嘉兴分行", "红旗出版社", "仲亚萍", "双桥村", "北团村"):
                ids[who] = node_named(g, who)
                check(ids[who] is not None, "%s: no single node named %s" % (name, who))
            if None in ids.values():
                continue
            check(g.nodes[ids["仲亚萍"]]["type"] == "PER", "%s: 仲亚萍 is not PER" % name)
            check(g.nodes[ids["工行嘉兴分行"]]["label"] == "中国工商银行嘉兴分行",
                  "%s: 工行嘉兴分行 does not resolve to 中国工商银行嘉兴分行" % name)
            check(g.has_edge(ids["仲亚萍"], ids["双桥村"]), "%s: no edge 仲亚萍–双桥村" % name)
            check(g.has_edge(ids["红旗出版社"], ids["北团村"]), "%s: no edge 红旗出版社–北团村" % name)
            check(not g.has_edge(ids["仲亚萍"], ids["红旗出版社"]),
                  "%s: unexpected edge 仲亚萍–红旗出版社" % name)
            for u, v, d in g.edges(data=True):
                if float(d.get("weight", 0)) <= 0:
                    failures.append("%s: edge %s–%s without a positive weight" % (name, u, v))
                    break
        people = sorted(d["label"] for _, d in js.nodes(data=True) if d.get("type") == "PER")
        print("people (%d): %s" % (len(people), " ".join(people)))
        try:
            import igraph
            ig = igraph.Graph.Read_GraphML(os.path.join(out, "graph.graphml"))
            check(ig.vcount() == n_nodes and ig.ecount() == n_edges,
                  "python-igraph reads %d/%d, summary says %d/%d" % (ig.vcount(), ig.ecount(), n_nodes, n_edges))
        except ImportError:
            failures.append("python3-igraph is not installed")
    if failures:
        for f in failures:
            print("FAIL: " + f)
        sys.exit(1)
    print("ok: sample graph read by networkx and igraph with the counts the summary printed")


if __name__ == "__main__":
    main()
