#!/usr/bin/python3
"""The bundled sample in other encodings gives the graph of the UTF-8 original.

tests/data/encodings/ holds the sample converted by ICU (make.sh there):
GB18030, UTF-16LE with a byte order mark, and Big5-HKSCS after ICU's
Simplified-Traditional transform. Each is read with --encoding auto (and
--convert t2s for the Traditional one), and must give the same node ids and
the same edge list (with weights) as the original, and the same mentions
(offsets, types, entities, rules) from `extract`. Also: the Traditional
text without --convert gives a different graph (so the comparison can
fail), and a file with bad bytes is read to the end with a warning naming
the byte offset of the first.

usage: test_encodings.py ENTGRAPH_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "sample", "000_d3a17d0daa653c78.txt")
FIXTURES = os.path.join(ROOT, "tests", "data", "encodings")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def graph(binary, out, path, *opts):
    """(node ids, sorted edge list, stderr) of `build` on path."""
    rc, _, err = run(binary, "build", "-q", "-v", "-f", "json", "-o", out, *opts, path)
    check(rc == 0, "build %s exited %d: %s" % (path, rc, err))
    if rc:
        return set(), [], err
    with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
        g = json.load(f)
    nodes = {n["id"] for n in g["nodes"]}
    edges = sorted((min(l["source"], l["target"]), max(l["source"], l["target"]),
                    l["weight"], l["docs"]) for l in g["links"])
    return nodes, edges, err


def mentions(binary, path, *opts):
    rc, out, err = run(binary, "extract", "-q", *opts, path)
    check(rc == 0, "extract %s exited %d: %s" % (path, rc, err))
    docs = [json.loads(l) for l in out.splitlines()]
    check(len(docs) == 1, "extract %s: %d documents, expected 1" % (path, len(docs)))
    if not docs:
        return [], ""
    return [(e["start"], e["end"], e["type"], e["entity"], e["rule"])
            for e in docs[0]["entities"]], docs[0]["text"]


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="eg-enc-") as tmp:
        base_nodes, base_edges, _ = graph(binary, os.path.join(tmp, "utf8"), SAMPLE)
        base_mentions, base_text = mentions(binary, SAMPLE)
        plain_nodes, plain_edges, _ = graph(binary, os.path.join(tmp, "utf8-plain"), SAMPLE, "--no-model")
        plain_mentions, _ = mentions(binary, SAMPLE, "--no-model")
        check(len(base_nodes) > 20 and len(base_edges) > 20,
              "the original gives too small a graph to compare: %d nodes, %d edges"
              % (len(base_nodes), len(base_edges)))
        cases = [("sample.gb18030.txt", [], "read as GB18030 (charset detector"),
                 ("sample.utf16.txt", [], "read as UTF-16 (byte order mark)"),
                 # t2s is not the exact inverse of the conversion to
                 # Traditional, and the tagger reads every character around
                 # a name: the same graph is the dictionary's and rules'
                 ("sample.big5hkscs.txt", ["--convert", "t2s", "--no-model"], "read as Big5-HKSCS (charset detector")]
        for name, opts, said in cases:
            path = os.path.join(FIXTURES, name)
            want_nodes, want_edges, want_mentions = base_nodes, base_edges, base_mentions
            if "--no-model" in opts:
                want_nodes, want_edges, want_mentions = plain_nodes, plain_edges, plain_mentions
            nodes, edges, err = graph(binary, os.path.join(tmp, name), path, *opts)
            check(said in err, "%s: -v does not say '%s': %s" % (name, said, err))
            check(nodes == want_nodes, "%s: nodes differ: only here %s, only in UTF-8 %s"
                  % (name, sorted(nodes - want_nodes)[:5], sorted(want_nodes - nodes)[:5]))
            check(edges == want_edges, "%s: %d edges differ from the original's %d"
                  % (name, len(set(edges) ^ set(want_edges)), len(want_edges)))
            ms, text = mentions(binary, path, *opts)
            check(ms == want_mentions, "%s: mentions differ (%d vs %d)"
                  % (name, len(ms), len(want_mentions)))
            if name != "sample.big5hkscs.txt":
                check(text == base_text, "%s: decoded text differs from the original" % name)
            else:
                check(len(text) == len(base_text) and text != base_text,
                      "%s: the Traditional text should differ from the original in script only" % name)
            print("ok %s: %d nodes, %d edges, %d mentions" % (name, len(nodes), len(edges), len(ms)))

        # With --convert none the Traditional text misses most of the
        # dictionary (--no-model: the tagger guesses names in text it was
        # not trained on, Traditional characters its lexicon features do not
        # know); by default (--convert auto) it finds the same nodes.
        nodes, edges, _ = graph(binary, os.path.join(tmp, "no-t2s"),
                                os.path.join(FIXTURES, "sample.big5hkscs.txt"), "--convert", "none", "--no-model")
        check(len(nodes) < len(base_nodes) // 2,
              "Big5-HKSCS with --convert none still finds %d of %d nodes"
              % (len(nodes), len(base_nodes)))
        nodes, edges, _ = graph(binary, os.path.join(tmp, "auto"),
                                os.path.join(FIXTURES, "sample.big5hkscs.txt"))
        check(nodes == base_nodes,
              "Big5-HKSCS with the default --convert auto: other nodes than the original's")

        # Bad bytes (0xFF is never a GB18030 byte) are replaced and reported;
        # the rest of the file reads as before.
        with open(os.path.join(FIXTURES, "sample.gb18030.txt"), "rb") as f:
            data = f.read()
        bad = os.path.join(tmp, "bad.gb18030.txt")
        with open(bad, "wb") as f:
            f.write(data + b"\n\xff\xff\n")
        nodes, edges, err = graph(binary, os.path.join(tmp, "bad"), bad, "--encoding", "gb18030")
        want = "bad.gb18030.txt: warning: 2 invalid gb18030 sequences replaced by U+FFFD " \
               "(first at byte %d)" % (len(data) + 1)
        check(want in err, "no warning '%s' in: %s" % (want, err))
        check(nodes == base_nodes and edges == base_edges,
              "bad bytes at the end changed the graph")
    if failures:
        for f in failures:
            print("FAIL: " + f)
        sys.exit(1)
    print("ok: GB18030, UTF-16 and Big5-HKSCS (t2s) give the original's graph and mentions")


if __name__ == "__main__":
    main()
