#!/usr/bin/python3
"""Input throughput and peak memory of `entgraph build` by corpus size.

usage: run_input.py ENTGRAPH_BINARY [SIZE_MB ...] [--formats text,jsonl,gb18030] [--dir DIR]

For each format and size (default 100 and 1000 MB) it generates the corpus
with gen_corpus.py into DIR (default /tmp/entgraph-bench; reused when
present), runs `entgraph build -q -o DIR/out CORPUS` under /usr/bin/time -v
and prints MB/s and peak RSS. Streaming holds when peak RSS stays roughly
flat as the input grows tenfold. Never a timed test: run it by hand.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    binary = os.path.abspath(args.pop(0))
    formats, work, sizes = ["text", "jsonl", "gb18030"], "/tmp/entgraph-bench", []
    while args:
        a = args.pop(0)
        if a == "--formats":
            formats = args.pop(0).split(",")
        elif a == "--dir":
            work = args.pop(0)
        else:
            sizes.append(float(a))
    sizes = sizes or [100, 1000]
    os.makedirs(work, exist_ok=True)
    print("%-8s %8s %9s %8s %12s" % ("format", "MB", "seconds", "MB/s", "peak RSS MB"))
    for fmt in formats:
        for mb in sizes:
            ext = ".jsonl" if fmt == "jsonl" else ".txt"
            corpus = os.path.join(work, "%s-%g%s" % (fmt, mb, ext))
            if not os.path.exists(corpus):
                subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), fmt, str(mb), corpus],
                               check=True, stdout=subprocess.DEVNULL)
            size = os.path.getsize(corpus) / 1e6
            p = subprocess.run(["/usr/bin/time", "-v", binary, "build", "-q", "-f", "json",
                                "-o", os.path.join(work, "out"), corpus],
                               capture_output=True, text=True)
            if p.returncode:
                sys.exit("build failed on %s:\n%s" % (corpus, p.stderr))
            rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
            el = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
            secs = int(el.group(1) or 0) * 3600 + int(el.group(2)) * 60 + float(el.group(3))
            print("%-8s %8.1f %9.1f %8.1f %12.1f" % (fmt, size, secs, size / secs if secs else 0,
                                                     rss / 1024), flush=True)


if __name__ == "__main__":
    main()
