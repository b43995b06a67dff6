#!/usr/bin/python3
"""graph.html in headless Chromium, and graph.svg read back (issue 17).

All the pages are written first, then test_page.js opens them in one
browser (a page each):

  1. build the sample with -f json,html,svg; test_page.js opens graph.html
     from file:// (no console errors, the graph.json nodes and edges,
     search by alias, clicking an edge shows its evidence, a screenshot
     that is not blank)
  2. a made-up graph whose names are markup, quotes and line separators,
     written as a page by 'query ego NAME -o FILE.html': every name stays
     text
  3. --view-max-nodes: the page keeps the strongest part and says so;
     the date, weight and isolated-node filters on made-up dated documents
  4. graph.svg parses as XML, holds the ten labels of highest PageRank, and
     renders (rsvg-convert) to a PNG that is not blank

Exits 77 (skipped) when Debian's chromium or playwright-core (npm) is
missing: scripts/install-deps.sh --test installs both.

usage: test_page.py ENTGRAPH_BINARY
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLIENTS = os.path.join(ROOT, "tests", "clients")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
failures = []

# Names a page must show as text and never run: each would end the data
# element, open a tag, break out of an attribute, or end a JavaScript line.
HOSTILE = [
    "</script><script>window.__pwned=1</script>",
    '"onload="window.__pwned=1',
    "<img src=x onerror=\"window.__pwned=1\">",
    "'; window.__pwned=1; '",
    "a\u2028b\u2029c",
    "<!-- & &amp; -->",
    "]]></svg>",
]


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def run(cmd, timeout=120, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)


def page_tests(cases):
    """Runs the cases ([mode, args…] each) in one test_page.js, one browser."""
    args = []
    for c in cases:
        args += (["--"] if args else []) + list(c)
    r = run(["node", os.path.join(CLIENTS, "test_page.js"), *args], timeout=600)
    sys.stdout.write(r.stdout)
    sys.stdout.write(r.stderr)
    check(r.returncode == 0, "test_page.js " + ", ".join(c[0] for c in cases))


def hostile_graph(path):
    import math
    nodes = [{"id": "hub", "label": "中心", "type": "ORG", "aliases": [], "x": 0.0, "y": 0.0,
              "size": 30.0, "pagerank": 0.3, "community": 0, "r": 31, "g": 119, "b": 180}]
    links = []
    for k, name in enumerate(HOSTILE):
        a = 2 * math.pi * k / len(HOSTILE)
        nodes.append({"id": name if k % 2 else "n%d" % k, "label": name, "type": "PER",
                      "aliases": [name + "<b>"], "x": round(300 * math.cos(a), 2),
                      "y": round(300 * math.sin(a), 2), "size": 10.0, "pagerank": 0.1,
                      "community": 1, "r": 255, "g": 127, "b": 14})
        links.append({"source": "hub", "target": nodes[-1]["id"], "weight": 1.0, "count": 1,
                      "docs": 1, "kind": "cooccurrence",
                      "evidence": [{"doc": name, "text": "中心和" + name + "。"}]})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"directed": False, "multigraph": False, "graph": {}, "nodes": nodes,
                   "links": links}, f, ensure_ascii=False)


def svg_test(binary, tmp, out, cases):
    svg = os.path.join(out, "graph.svg")
    graph_json = os.path.join(out, "graph.json")
    try:
        root = ET.parse(svg).getroot()
        check(True, "graph.svg parses as XML")
    except (OSError, ET.ParseError) as e:
        check(False, "graph.svg parses as XML: %s" % e)
        return
    ns = "{http://www.w3.org/2000/svg}"
    texts = {"".join(t.itertext()) for t in root.iter(ns + "text")}
    with open(graph_json, encoding="utf-8") as f:
        g = json.load(f)
    top = sorted(g["nodes"], key=lambda n: (-n["pagerank"], n["id"]))[:10]
    missing = [n["label"] for n in top if n["label"] not in texts]
    check(not missing, "graph.svg labels the ten nodes of highest PageRank%s" %
          (": missing " + ", ".join(missing) if missing else ""))
    rsvg = shutil.which("rsvg-convert")
    if not rsvg:
        check(False, "rsvg-convert (librsvg2-bin) is installed to render graph.svg")
        return
    png = os.path.join(tmp, "graph-svg.png")
    r = run([rsvg, "-o", png, svg])
    check(r.returncode == 0, "rsvg-convert renders graph.svg" + (": " + r.stderr if r.returncode else ""))
    if r.returncode == 0:
        cases.append(["ink", png])
    # the hostile names in a picture
    hostile_json = os.path.join(tmp, "hostile.json")
    hsvg = os.path.join(tmp, "hostile.svg")
    r = run([binary, "query", hostile_json, "ego", "hub", "-o", hsvg])
    check(r.returncode == 0, "query ego -o FILE.svg" + (": " + r.stderr if r.returncode else ""))
    try:
        root = ET.parse(hsvg).getroot()
        texts = {"".join(t.itertext()) for t in root.iter(ns + "text")}
        shown = [h for h in HOSTILE if h in texts]
        check(len(shown) == len(HOSTILE), "every hostile name is a text in the picture (%d of %d)" %
              (len(shown), len(HOSTILE)))
        tags = {e.tag.replace(ns, "") for e in root.iter()}
        check(tags <= {"svg", "g", "rect", "text", "line", "circle"},
              "the picture holds only the writer's own elements (%s)" % ", ".join(sorted(tags)))
    except (OSError, ET.ParseError) as e:
        check(False, "hostile.svg parses as XML: %s" % e)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not os.access(CHROMIUM, os.X_OK):
        print("SKIP: %s is not installed (scripts/install-deps.sh --test installs Debian's chromium)"
              % CHROMIUM)
        return 77
    if not os.path.isdir(os.path.join(CLIENTS, "node_modules", "playwright-core")) or not shutil.which("node"):
        print("SKIP: node or playwright-core is missing (scripts/install-deps.sh --test installs them)")
        return 77
    tmp = tempfile.mkdtemp(prefix="entgraph-page-")
    try:
        cases = []  # for test_page.js, which runs them all in one browser
        out = os.path.join(tmp, "out")
        r = run([binary, "build", "-q", "-o", out, "-f", "json,html,svg", os.path.join(ROOT, "sample")])
        check(r.returncode == 0, "build -f json,html,svg" + (": " + r.stderr if r.returncode else ""))
        graph_json = os.path.join(out, "graph.json")
        cases.append(["sample", os.path.join(out, "graph.html"), graph_json, os.path.join(tmp, "sample.png")])

        hostile_json = os.path.join(tmp, "hostile.json")
        hostile_graph(hostile_json)
        for ext in ("html", "json"):
            r = run([binary, "query", hostile_json, "ego", "hub", "-o", os.path.join(tmp, "ego." + ext)])
            check(r.returncode == 0, "query ego -o FILE." + ext + (": " + r.stderr if r.returncode else ""))
        cases.append(["hostile", os.path.join(tmp, "ego.html"), os.path.join(tmp, "ego.json"),
                      os.path.join(tmp, "hostile.png")])

        limited = os.path.join(tmp, "limited")
        r = run([binary, "build", "-q", "-o", limited, "-f", "json,html", "--view-max-nodes", "10",
                 os.path.join(ROOT, "sample")])
        check(r.returncode == 0, "build --view-max-nodes 10")
        cases.append(["limited", os.path.join(limited, "graph.html"), os.path.join(limited, "graph.json"), "10"])

        # made-up dated documents: two years, two pairs of places
        dated = os.path.join(tmp, "dated.jsonl")
        with open(dated, "w", encoding="utf-8") as f:
            f.write(json.dumps({"id": "a", "date": "2022-01-10", "text": "嘉兴市和海盐县签署了合作协议。"},
                               ensure_ascii=False) + "\n")
            f.write(json.dumps({"id": "b", "date": "2023-06-01", "text": "海宁市和平湖市召开了联席会议。"},
                               ensure_ascii=False) + "\n")
        dated_out = os.path.join(tmp, "dated")
        r = run([binary, "build", "-q", "-o", dated_out, "-f", "json,html", dated])
        check(r.returncode == 0, "build of dated documents")
        cases.append(["dated", os.path.join(dated_out, "graph.html"), os.path.join(dated_out, "graph.json")])

        svg_test(binary, tmp, out, cases)
        page_tests(cases)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d check(s) failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
