#!/usr/bin/python3
"""How much of the picture the largest connected component gets: the share
of the bounding box of all nodes that the bounding box of the largest
component covers (by area), and of its width and height, from a node-link
graph.json. For issue 17's before/after of the packed layout; not a test.

usage: layout_share.py GRAPH.json
"""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        g = json.load(f)
    ids = {n["id"]: k for k, n in enumerate(g["nodes"])}
    parent = list(range(len(ids)))

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for link in g["links"]:
        a, b = find(ids[link["source"]]), find(ids[link["target"]])
        if a != b:
            parent[max(a, b)] = min(a, b)
    sizes = {}
    for v in range(len(ids)):
        r = find(v)
        sizes[r] = sizes.get(r, 0) + 1
    big = max(sizes, key=lambda r: (sizes[r], -r))

    def box(nodes):
        xs = [n["x"] for n in nodes]
        ys = [n["y"] for n in nodes]
        return min(xs), max(xs), min(ys), max(ys)

    ax0, ax1, ay0, ay1 = box(g["nodes"])
    bx0, bx1, by0, by1 = box([n for k, n in enumerate(g["nodes"]) if find(k) == big])
    area = (ax1 - ax0) * (ay1 - ay0) or 1
    print(json.dumps({
        "nodes": len(ids), "edges": len(g["links"]), "components": len(sizes),
        "largest": sizes[big], "isolated": sum(1 for s in sizes.values() if s == 1),
        "layout": g.get("graph", {}).get("layout"),
        "area_share": round((bx1 - bx0) * (by1 - by0) / area, 4),
        "width_share": round((bx1 - bx0) / ((ax1 - ax0) or 1), 4),
        "height_share": round((by1 - by0) / ((ay1 - ay0) or 1), 4),
    }))


if __name__ == "__main__":
    main()
