#!/usr/bin/python3
"""contrib/parallel/entgraph_parallel.sh (GNU parallel, 3 jobs) over six
shards: the merged graph must be byte-identical to one build over the same
shards in the same order. Then a shard that fails (its input unreadable,
twice, so parallel's own retry does not save it): exit 1, nothing merged,
the joblog holds the failure; once the input is back, running the same
command again counts only that shard (--resume-failed) and gives the same
graph. Skipped (77) only when GNU parallel is missing.

usage: test_parallel.py ENTGRAPH_BINARY
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shards as fixture  # noqa: E402

SCRIPT = os.path.join(fixture.ROOT, "contrib", "parallel", "entgraph_parallel.sh")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    entgraph = os.path.abspath(sys.argv[1])
    if not shutil.which("parallel"):
        fixture.skip("GNU parallel is not installed: scripts/install-deps.sh --test installs it")
    tmp = tempfile.mkdtemp(prefix="entgraph-parallel-test-")
    failures = []

    def check(what, ok, detail=""):
        print("%s: %s%s" % ("ok" if ok else "FAIL", what, (" (" + detail + ")") if detail and not ok else ""))
        if not ok:
            failures.append(what)

    try:
        shards = fixture.make(entgraph, tmp)
        fixture.one_build(entgraph, tmp, shards)
        with open(os.path.join(tmp, "shards.txt"), "w") as f:
            f.write("".join(s + "\n" for s in shards))
        # counts each shard it is asked to, then runs the real binary
        log = os.path.join(tmp, "calls.log")
        wrapper = os.path.join(tmp, "entgraph.sh")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\n[ \"$1\" = build ] && eval \"echo \\${$#}\" >> '%s'\nexec '%s' \"$@\"\n"
                    % (log, entgraph))
        os.chmod(wrapper, 0o755)
        env = dict(os.environ, ENTGRAPH=wrapper)

        def script(out):
            p = subprocess.run([SCRIPT, "-j", "3", "-d", "names.egd", "-m", " ".join(["-q"] + fixture.ANALYSIS), "-p", "parts",
                                "-o", out, "shards.txt"], cwd=tmp, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            sys.stdout.write(p.stdout + p.stderr)
            return p

        p = script("par")
        check("3 jobs: exit 0", p.returncode == 0, p.stderr[-500:])
        check("each shard reported", all("shard %d\tcounted %s" % (i, s) in p.stdout
                                         for i, s in enumerate(shards, 1)))
        check("parallel graph == one build", p.returncode == 0 and not fixture.same_graph(tmp, "one", "par"))
        with open(os.path.join(tmp, "parts", "joblog")) as f:
            rows = f.read().splitlines()[1:]
        check("joblog: six jobs, all exit 0", len(rows) == 6 and all(r.split("\t")[6] == "0" for r in rows),
              str(rows))

        # shard 4 unreadable: fails (twice), nothing merged
        shutil.rmtree(os.path.join(tmp, "parts"))
        os.remove(log)
        os.rename(os.path.join(tmp, "s4"), os.path.join(tmp, "s4.away"))
        p = script("par2")
        check("a failing shard: exit 1", p.returncode == 1, str(p.returncode))
        check("the failure is named", "1 shard(s) failed" in p.stderr)
        check("nothing merged", not os.path.exists(os.path.join(tmp, "par2")))
        with open(log) as f:
            calls = f.read().split()
        check("the failing shard tried twice", calls.count("s4") == 2, str(calls))

        # back again: the same command counts only shard 4, then merges
        os.rename(os.path.join(tmp, "s4.away"), os.path.join(tmp, "s4"))
        os.remove(log)
        p = script("par2")
        check("resumed: exit 0", p.returncode == 0, p.stderr[-500:])
        with open(log) as f:
            calls = f.read().split()
        check("only the failed shard counted again", calls == ["s4"], str(calls))
        check("resumed graph == one build", p.returncode == 0 and not fixture.same_graph(tmp, "one", "par2"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
