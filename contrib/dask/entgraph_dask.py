#!/usr/bin/python3
"""Builds one entgraph graph from shards of a corpus on a Dask cluster.

usage: entgraph_dask.py [--scheduler ADDR | --workers N] [-d DICT.egd]
                        [--entgraph PATH] [--parts DIR] [--fan-in K]
                        [--build-opts OPTS] [--merge-opts OPTS]
                        (-o OUT | --partial OUT.egp) SHARD...

Each SHARD (a file or folder the workers can read; @FILE reads the list,
one a line, from FILE) is counted on a worker with

    entgraph build -q -d DICT.egd BUILD-OPTS --partial NNNNNN.egp SHARD

where NNNNNN is the shard's position in the list, so that the merge adds
the partials up in corpus order and the graph is byte-identical to one
`entgraph build -o OUT SHARD...` over the same shards in the same order.

  --scheduler ADDR  a running dask-scheduler (tcp://host:port); without it,
                    a LocalCluster of --workers processes (default 2), one
                    thread each, is started on this machine
  -d DICT.egd       a compiled dictionary (entgraph dict compile), sent to
                    every worker once and kept there (by content hash) in
                    the worker's local folder; without it, the workers'
                    own bundled dictionary is used
  --entgraph PATH   the entgraph binary on the workers (default: entgraph
                    on their PATH); this machine runs the last merge with
                    --local-entgraph (default: the same)
  --parts DIR       a folder every worker and this machine share: workers
                    write the partials there. Without it the partials come
                    back through Dask as bytes (fine for small ones) into
                    a temporary folder here
  --fan-in K        more than K partials are first merged in rounds on the
                    workers, K consecutive ones at a time (entgraph merge
                    --partial), so that no process reads them all
                    (default 32; 0: one merge of all of them here)
  --build-opts S    more options for each build (one string, split as the
                    shell does): the window, counting, evidence, hierarchy
                    and reading options, e.g. "-w paragraph --threads 2"
  --merge-opts S    more options for the last merge: formats, filters,
                    analysis, e.g. "-f graphml,gexf --min-count 2"
  --cwd DIR         the folder relative shard paths start from on the
                    workers (default: this one; a worker without it uses
                    its own). Document ids hold the path as given, so give
                    the shards as one build would be given them
  --retries N       run a shard that fails again, up to N times (default 1);
                    a worker that dies leaves its shards to the others
  -q                no progress lines

Progress goes to stderr, one line per shard and merge. Exit status: 0 when
the graph (or partial) is written, 1 when a shard or merge failed after its
retries (the message names it and quotes entgraph's error), 2 for usage.

Needs Debian's python3-distributed (Dask); run it with /usr/bin/python3.
"""
import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time


def say(quiet, msg):
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def worker_scratch():
    """This worker's own folder (a temporary folder outside Dask)."""
    try:
        from distributed import get_worker
        return os.path.abspath(get_worker().local_directory)
    except (ImportError, ValueError):
        return tempfile.gettempdir()


def worker_dict(dict_bytes, digest):
    """The compiled dictionary as a file in this worker's folder, written
    once per worker (a temporary name renamed into place)."""
    if dict_bytes is None:
        return None
    base = worker_scratch()
    path = os.path.join(base, "entgraph-dict-%s.egd" % digest)
    if not os.path.exists(path):
        fd, tmp = tempfile.mkstemp(dir=base, suffix=".egd.tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(dict_bytes)
        os.replace(tmp, path)
    return path


def run_entgraph(argv, what, cwd=None):
    """Runs entgraph (in cwd when this machine has that folder); raises
    with its error message when it fails."""
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=cwd if cwd and os.path.isdir(cwd) else None)
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError("%s: entgraph exited with %d: %s"
                           % (what, p.returncode, " / ".join(err[-3:]) or "no message"))


def build_shard(pos, shard, cwd, dict_bytes, digest, entgraph, build_opts, out_path):
    """Counts one shard on a worker, in the folder cwd when the worker has
    it (relative shard paths name the documents as one build run there
    would). Returns (pos, where, size, seconds, data): data holds the
    partial's bytes when out_path is None."""
    start = time.time()
    d = worker_dict(dict_bytes, digest)
    keep = out_path is not None
    if not keep:
        fd, out_path = tempfile.mkstemp(dir=worker_scratch(), suffix=".egp")
        os.close(fd)
    try:
        argv = [entgraph, "build", "-q"] + (["-d", d] if d else []) + list(build_opts)
        run_entgraph(argv + ["--partial", out_path, shard], "shard %d (%s)" % (pos, shard), cwd)
        size = os.path.getsize(out_path)
        data = None
        if not keep:
            with open(out_path, "rb") as f:
                data = f.read()
    finally:
        if not keep and os.path.exists(out_path):
            os.unlink(out_path)
    return pos, worker_name(), size, time.time() - start, data


def merge_group(label, inputs, entgraph, out_path):
    """Adds consecutive partials into one (entgraph merge --partial) on a
    worker. inputs are paths, or the results of build_shard/merge_group
    holding bytes when out_path is None (then the sum comes back as bytes
    too). Returns as build_shard."""
    start = time.time()
    tmp = None
    try:
        if out_path is None:
            tmp = tempfile.mkdtemp(dir=worker_scratch(), prefix="entgraph-merge-")
            paths = []
            for k, item in enumerate(inputs):
                paths.append(os.path.join(tmp, "%06d.egp" % k))
                with open(paths[-1], "wb") as f:
                    f.write(item[4])
            target = os.path.join(tmp, "sum.egp")
        else:
            paths, target = list(inputs), out_path
        run_entgraph([entgraph, "merge", "-q", "--partial", target] + paths, "merge %s" % label)
        size = os.path.getsize(target)
        data = None
        if out_path is None:
            with open(target, "rb") as f:
                data = f.read()
        return label, worker_name(), size, time.time() - start, data
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def run_tasks(client, tasks, retries, quiet):
    """Submits tasks [(name, fn, args)], prints a line as each ends, runs
    one that fails (an error, or its worker died too often) again up to
    retries times. Returns the futures in task order, or None when one
    failed for good."""
    from distributed import as_completed

    def submit(k):
        name, fn, args = tasks[k]
        fut = client.submit(fn, *args, pure=False,
                            key="entgraph-%s-%s" % (name.replace(" ", "-"), os.urandom(6).hex()))
        which[fut.key] = k
        return fut

    which = {}
    futs = [None] * len(tasks)
    tries = [0] * len(tasks)
    for k in range(len(tasks)):
        futs[k] = submit(k)
    ac = as_completed(list(futs))
    done = 0
    bad = False
    for fut in ac:
        k = which[fut.key]
        name = tasks[k][0]
        try:
            _, where, size, secs, _data = fut.result()
        except Exception as e:
            if tries[k] < retries:
                tries[k] += 1
                say(False, "%s: failed (%s); trying again (%d of %d)" % (name, e, tries[k], retries))
                futs[k] = submit(k)
                ac.add(futs[k])
            else:
                say(False, "entgraph_dask: error: %s: %s" % (name, e))
                bad = True
            continue
        done += 1
        say(quiet, "%s done (%d/%d) on %s in %.1f s, %d bytes" % (name, done, len(tasks), where, secs, size))
    return None if bad else futs


def worker_name():
    try:
        from distributed import get_worker
        return get_worker().address
    except (ImportError, ValueError):
        return "local"


def read_shards(args):
    shards = []
    for s in args:
        if s.startswith("@"):
            with open(s[1:], encoding="utf-8") as f:
                shards += [line.rstrip("\n") for line in f if line.strip()]
        else:
            shards.append(s)
    return shards


def main(argv):
    ap = argparse.ArgumentParser(prog="entgraph_dask.py", add_help=True,
                                 description="entgraph build over shards on Dask "
                                 "(see the top of this file)")
    ap.add_argument("--scheduler")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-d", "--dict")
    ap.add_argument("--entgraph", default="entgraph")
    ap.add_argument("--local-entgraph")
    ap.add_argument("--parts")
    ap.add_argument("--fan-in", type=int, default=32)
    ap.add_argument("--build-opts", default="")
    ap.add_argument("--merge-opts", default="")
    ap.add_argument("--retries", type=int, default=1)
    ap.add_argument("--cwd", default=os.getcwd())
    ap.add_argument("-o", "--out")
    ap.add_argument("--partial")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("shards", nargs="+")
    a = ap.parse_args(argv)
    if (a.out is None) == (a.partial is None):
        ap.error("give -o OUT (a graph) or --partial OUT.egp (one partial), one of them")
    if a.fan_in == 1 or a.fan_in < 0 or a.retries < 0 or a.workers < 1:
        ap.error("--fan-in takes 0 or a number >= 2; --retries >= 0; --workers >= 1")
    try:
        shards = read_shards(a.shards)
    except OSError as e:
        print("entgraph_dask.py: error: %s" % e, file=sys.stderr)
        return 1
    if not shards:
        ap.error("no shards")
    local_entgraph = a.local_entgraph or a.entgraph
    build_opts = shlex.split(a.build_opts)
    merge_opts = shlex.split(a.merge_opts)
    dict_bytes = digest = None
    if a.dict:
        try:
            with open(a.dict, "rb") as f:
                dict_bytes = f.read()
        except OSError as e:
            print("%s: error: %s" % (a.dict, e.strerror), file=sys.stderr)
            return 1
        digest = hashlib.sha256(dict_bytes).hexdigest()[:16]

    from distributed import Client, LocalCluster

    cluster = None
    if a.scheduler:
        try:
            client = Client(a.scheduler, timeout=30)
        except (OSError, TimeoutError) as e:
            print("entgraph_dask.py: error: cannot reach the scheduler %s: %s" % (a.scheduler, e),
                  file=sys.stderr)
            return 1
    else:
        import warnings
        # no dashboard; the scheduler's HTTP server says so when its usual
        # port is taken, which does not matter here
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    local_tmp = None
    try:
        n = len(shards)
        say(a.quiet, "entgraph_dask: %d shards on %d workers (%s)"
            % (n, len(client.scheduler_info()["workers"]), client.scheduler.address))
        # the dictionary goes to every worker once, not with every task
        dict_f = client.scatter(dict_bytes, broadcast=True) if dict_bytes is not None else None
        if a.parts:
            os.makedirs(a.parts, exist_ok=True)
            parts_dir = os.path.abspath(a.parts)
        else:
            local_tmp = tempfile.mkdtemp(prefix="entgraph-dask-")
            parts_dir = None

        def part_path(name):
            return os.path.join(parts_dir, name) if parts_dir else None

        t0 = time.time()
        tasks = []
        for pos, shard in enumerate(shards, 1):
            tasks.append(("shard %d of %d (%s)" % (pos, n, shard), build_shard,
                          (pos, shard, a.cwd, dict_f, digest, a.entgraph, build_opts,
                           part_path("%06d.egp" % pos))))
        futs = run_tasks(client, tasks, a.retries, a.quiet)
        if futs is None:
            say(False, "entgraph_dask: a shard failed; nothing written")
            return 1
        # paths in the shared folder, or the futures holding the bytes
        leaves = [part_path("%06d.egp" % pos) for pos in range(1, n + 1)] if parts_dir else futs

        # merge rounds on the workers: K consecutive partials into one, which
        # keeps their order, until at most K are left
        rnd = 0
        while a.fan_in and len(leaves) > a.fan_in:
            rnd += 1
            groups = [leaves[i:i + a.fan_in] for i in range(0, len(leaves), a.fan_in)]
            merged = [g for g in range(len(groups)) if len(groups[g]) > 1]  # a last one alone stays
            tasks = [("merge round %d group %d of %d" % (rnd, g + 1, len(groups)), merge_group,
                      ("%d.%d" % (rnd, g + 1), groups[g], a.entgraph,
                       part_path("r%d-%06d.egp" % (rnd, g + 1))))
                     for g in merged]
            futs = run_tasks(client, tasks, a.retries, a.quiet)
            if futs is None:
                return 1
            leaves = [group[0] for group in groups]
            for g, fut in zip(merged, futs):
                leaves[g] = part_path("r%d-%06d.egp" % (rnd, g + 1)) if parts_dir else fut

        # the last merge, here
        paths = leaves
        if not parts_dir:
            paths = []
            for k, f in enumerate(leaves):
                paths.append(os.path.join(local_tmp, "%06d.egp" % (k + 1)))
                with open(paths[-1], "wb") as out:
                    out.write(f.result()[4])
        argv_merge = [local_entgraph, "merge"] + (["-q"] if a.quiet else []) + merge_opts
        argv_merge += ["--partial", a.partial] if a.partial else ["-o", a.out]
        say(a.quiet, "merging %d partials here (%.1f s so far)" % (len(paths), time.time() - t0))
        rc = subprocess.run(argv_merge + paths).returncode
        if rc != 0:
            say(False, "entgraph_dask: error: the last merge failed (exit %d)" % rc)
            return 1
        say(a.quiet, "entgraph_dask: done in %.1f s" % (time.time() - t0))
        return 0
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if local_tmp:
            shutil.rmtree(local_tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
