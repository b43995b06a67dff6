#!/usr/bin/python3
"""Checks that the tools our users open graphs with can read entgraph's output.

usage: read_graph.py GRAPHML JSON EXPECTED_NODES EXPECTED_EDGES

Loads GRAPHML with networkx.read_graphml and igraph.Graph.Read_GraphML, and
JSON with networkx.node_link_graph(json.load(f)) (default arguments), then
checks in all three that the node and edge counts are the expected ones,
that every node has a label and a type, and that every edge has a weight.
Prints one summary line; exits 1 with a message on the first mismatch.
Written for Debian 12's python3-networkx (2.8) and python3-igraph (0.10).
"""

import json
import sys

import igraph
import networkx


def fail(message):
    print(f"read_graph.py: {message}", file=sys.stderr)
    sys.exit(1)


def check_networkx(name, graph, nodes, edges):
    if graph.number_of_nodes() != nodes or graph.number_of_edges() != edges:
        fail(f"{name}: {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges, "
             f"expected {nodes} and {edges}")
    if graph.is_directed() or graph.is_multigraph():
        fail(f"{name}: expected an undirected simple graph, got {type(graph).__name__}")
    for node, data in graph.nodes(data=True):
        for attr in ("label", "type"):
            if not isinstance(data.get(attr), str) or not data[attr]:
                fail(f"{name}: node {node!r} has no {attr}")
    for u, v, data in graph.edges(data=True):
        if not isinstance(data.get("weight"), (int, float)):
            fail(f"{name}: edge {u!r}-{v!r} has no numeric weight")


def check_igraph(name, graph, nodes, edges):
    if graph.vcount() != nodes or graph.ecount() != edges:
        fail(f"{name}: {graph.vcount()} nodes and {graph.ecount()} edges, "
             f"expected {nodes} and {edges}")
    if graph.is_directed():
        fail(f"{name}: expected an undirected graph")
    for attr in ("label", "type"):
        if attr not in graph.vs.attributes():
            fail(f"{name}: nodes have no {attr} attribute")
        for v in graph.vs:
            if not v[attr]:
                fail(f"{name}: node {v['id']!r} has no {attr}")
    if edges and "weight" not in graph.es.attributes():
        fail(f"{name}: edges have no weight attribute")
    for e in graph.es:
        if not isinstance(e["weight"], (int, float)) or e["weight"] != e["weight"]:
            fail(f"{name}: edge {e.index} has no numeric weight")


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    graphml_path, json_path = argv[1], argv[2]
    try:
        nodes, edges = int(argv[3]), int(argv[4])
    except ValueError:
        print("read_graph.py: EXPECTED_NODES and EXPECTED_EDGES must be integers",
              file=sys.stderr)
        return 2

    try:
        nx_graphml = networkx.read_graphml(graphml_path)
    except Exception as e:  # any reader error is a finding, not a crash
        fail(f"networkx.read_graphml({graphml_path}): {type(e).__name__}: {e}")
    check_networkx("networkx GraphML", nx_graphml, nodes, edges)

    try:
        ig_graphml = igraph.Graph.Read_GraphML(graphml_path)
    except Exception as e:
        fail(f"igraph.Graph.Read_GraphML({graphml_path}): {type(e).__name__}: {e}")
    check_igraph("igraph GraphML", ig_graphml, nodes, edges)

    try:
        with open(json_path, encoding="utf-8") as f:
            nx_json = networkx.node_link_graph(json.load(f))
    except Exception as e:
        fail(f"networkx.node_link_graph({json_path}): {type(e).__name__}: {e}")
    check_networkx("networkx node-link JSON", nx_json, nodes, edges)

    # The two formats describe the same graph: same ids, same labels.
    graphml_labels = {n: d["label"] for n, d in nx_graphml.nodes(data=True)}
    json_labels = {n: d["label"] for n, d in nx_json.nodes(data=True)}
    if graphml_labels != json_labels:
        fail("GraphML and JSON disagree on node ids or labels")

    print(f"ok: {nodes} nodes, {edges} edges in networkx {networkx.__version__} "
          f"(GraphML, node-link JSON) and igraph {igraph.__version__} (GraphML)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
