#!/usr/bin/python3
"""contrib/dask/entgraph_dask.py on a real Dask cluster: a dask-scheduler
and two dask-worker processes started here on loopback, six shards; the
merged graph must be byte-identical to one build over the same shards in
the same order. Then: partials through a shared folder and merged in
rounds on the workers; a shard whose command fails once (tried again); a
shard that always fails (exit 1, nothing written); a worker killed with
SIGKILL while it counts a shard (the other finishes the run); and a
LocalCluster run. Skipped (77) only when python3-distributed is missing.

usage: test_dask.py ENTGRAPH_BINARY
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shards as fixture  # noqa: E402

MERGE_OPTS = "--merge-opts=-q " + " ".join(fixture.ANALYSIS)
DRIVER = os.path.join(fixture.ROOT, "contrib", "dask", "entgraph_dask.py")


def wrapper(tmp, name, body, entgraph):
    """A stand-in for entgraph on the workers: runs body (sh) first, then
    the real binary."""
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write("#!/bin/sh\n%s\nexec '%s' \"$@\"\n" % (body, entgraph))
    os.chmod(path, 0o755)
    return path


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    entgraph = os.path.abspath(sys.argv[1])
    try:
        import distributed  # noqa: F401
    except ImportError:
        fixture.skip("python3-distributed (Dask) is not installed: scripts/install-deps.sh --test "
                     "installs it")
    sched_bin, worker_bin = shutil.which("dask-scheduler"), shutil.which("dask-worker")
    if not sched_bin or not worker_bin:
        fixture.skip("dask-scheduler or dask-worker is not on PATH (python3-distributed)")
    from distributed import Client

    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="entgraph-dask-test-")
    procs = []
    failures = []

    def check(what, ok, detail=""):
        print("%s: %s [%.1f s]%s" % ("ok" if ok else "FAIL", what, time.time() - t0, (" (" + detail + ")") if detail and not ok else ""))
        if not ok:
            failures.append(what)

    def driver(args, out, only=None, **kw):
        p = subprocess.run([sys.executable, DRIVER] + args + ["-o", out] + (only or shards), cwd=tmp,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
        sys.stdout.write(p.stderr)
        return p

    try:
        shards = fixture.make(entgraph, tmp)
        fixture.one_build(entgraph, tmp, shards)

        env = dict(os.environ)
        sched_file = os.path.join(tmp, "scheduler.json")
        log = open(os.path.join(tmp, "cluster.log"), "w")
        procs.append(subprocess.Popen([sched_bin, "--host", "127.0.0.1", "--port", "0",
                                       "--no-dashboard", "--scheduler-file", sched_file],
                                      stdout=log, stderr=log, env=env))
        # the scheduler writes its file in steps: wait until it parses, not
        # only until it exists (under load a half-written file was read)
        addr = None
        for _ in range(600):
            try:
                with open(sched_file) as f:
                    addr = json.load(f)["address"]
                break
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        check("the scheduler wrote its address", addr is not None)
        workers = []
        for k in (1, 2):
            workers.append(subprocess.Popen(
                [worker_bin, "--no-nanny", "--nthreads", "1", "--host", "127.0.0.1",
                 "--no-dashboard", "--name", "w%d" % k, "--scheduler-file", sched_file,
                 "--local-directory", os.path.join(tmp, "w%d" % k)],
                stdout=log, stderr=log, env=env))
        procs += workers
        with Client(addr, timeout=60) as c:
            c.wait_for_workers(2, timeout=60)
        print("corpus, one build [%.1f s]" % (time.time() - t0))
        check("scheduler and two workers on loopback", addr.startswith("tcp://127.0.0.1:"), addr)

        base = ["--scheduler", addr, "-d", "names.egd", "--entgraph", entgraph,
                MERGE_OPTS]
        p = driver(base, "dask")
        check("driver exit 0", p.returncode == 0, p.stderr[-500:])
        ran = set(line.split(" on ")[1].split(" ")[0] for line in p.stderr.splitlines()
                  if line.startswith("shard ") and " done " in line)
        check("six shards reported", sum(" done " in line for line in p.stderr.splitlines()
                                         if line.startswith("shard ")) == 6)
        check("both workers counted shards", len(ran) == 2, str(ran))
        check("dask graph == one build", p.returncode == 0 and not fixture.same_graph(tmp, "one", "dask"))
        dicts = [f for w in ("w1", "w2") for _, _, files in os.walk(os.path.join(tmp, w))
                 for f in files if f.startswith("entgraph-dict-")]
        check("the dictionary kept once on each worker", len(dicts) == 2, str(dicts))

        # partials through a shared folder, merged in rounds of 2 on the
        # workers; shard 5's command fails the first time and runs again
        flaky = wrapper(tmp, "flaky.sh", 'case "$*" in *s5) mkdir "%s/flaky.once" 2>/dev/null && '
                        '{ echo "made-up failure" >&2; exit 1; };; esac' % tmp, entgraph)
        p = driver(base[:4] + ["--entgraph", flaky, "--local-entgraph", entgraph, MERGE_OPTS,
                               "--parts", "parts", "--fan-in", "2"], "dask-tree")
        check("shared folder, rounds of 2, a shard failing once: exit 0", p.returncode == 0, p.stderr[-500:])
        check("the retry is reported", "shard 5 of 6 (s5): failed" in p.stderr and "trying again" in p.stderr)
        check("merge rounds ran", "merge round 2 group 1" in p.stderr)
        check("shared folder + rounds + retry == one build",
              p.returncode == 0 and not fixture.same_graph(tmp, "one", "dask-tree"))
        check("partials named by position",
              sorted(f for f in os.listdir(os.path.join(tmp, "parts")) if not f.startswith("r"))
              == ["%06d.egp" % i for i in range(1, 7)])

        # a shard that always fails: exit 1, its name and error, no graph
        broken = wrapper(tmp, "broken.sh", 'case "$*" in *s2) echo "s2: error: made-up" >&2; exit 1;; esac',
                         entgraph)
        p = driver(base[:4] + ["--entgraph", broken, "--local-entgraph", entgraph], "dask-broken",
                   only=shards[:2])
        check("a shard failing twice: exit 1", p.returncode == 1, str(p.returncode))
        check("its error is quoted", "shard 2 of 2 (s2)" in p.stderr and "s2: error: made-up" in p.stderr)
        check("nothing written", not os.path.exists(os.path.join(tmp, "dask-broken")))

        # a worker killed (SIGKILL) while it counts shard 3: the wrapper is
        # the worker's child, so its parent is that worker's process
        killer = wrapper(tmp, "killer.sh", 'case "$*" in *s3) if mkdir "%s/killed" 2>/dev/null; then '
                         'echo $PPID > "%s/killed/pid"; kill -9 $PPID; sleep 1; exit 1; fi;; esac'
                         % (tmp, tmp), entgraph)
        p = driver(base[:4] + ["--entgraph", killer, "--local-entgraph", entgraph, MERGE_OPTS],
                   "dask-killed", timeout=120)
        pid = int(open(os.path.join(tmp, "killed", "pid")).read())
        dead = [w for w in workers if w.pid == pid]
        check("a worker was killed", len(dead) == 1 and dead[0].wait(timeout=30) == -signal.SIGKILL,
              "pid %d, workers %s" % (pid, [w.pid for w in workers]))
        check("run with a killed worker: exit 0", p.returncode == 0, p.stderr[-800:])
        check("killed-worker run == one build",
              p.returncode == 0 and not fixture.same_graph(tmp, "one", "dask-killed"))

        # no scheduler: a LocalCluster of two processes, partials as bytes
        p = driver(["--workers", "2", "-d", "names.egd", "--entgraph", entgraph, MERGE_OPTS,
                    "--fan-in", "4"], "dask-local", timeout=120)
        check("LocalCluster: exit 0", p.returncode == 0, p.stderr[-500:])
        check("LocalCluster == one build", p.returncode == 0 and not fixture.same_graph(tmp, "one", "dask-local"))
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if failures:
            try:
                sys.stdout.write(open(os.path.join(tmp, "cluster.log")).read()[-3000:])
            except OSError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)
        print("cleaned up [%.1f s]" % (time.time() - t0))
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
