#!/usr/bin/env python3
"""Installs the build into a temporary folder (meson install --destdir,
the headers, the library and entgraph.pc only) and builds tests/install/
prog.c against it as a program outside the tree would:
cc prog.c $(pkg-config --cflags --libs entgraph). Runs it and checks what
it found. Usage: test_install.py MESON BUILD_DIR CC... -- PROG.C"""
import os
import shlex
import subprocess
import sys
import tempfile


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {shlex.join(cmd)}\n{p.stdout}{p.stderr}")
    return p.stdout


def main():
    sep = sys.argv.index("--")
    meson, build = sys.argv[1], sys.argv[2]
    cc = sys.argv[3:sep]
    prog = sys.argv[sep + 1]
    with tempfile.TemporaryDirectory(prefix="entgraph-install-") as dest:
        run([meson, "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet",
             "--tags", "devel"])
        pcs = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs if f == "entgraph.pc"]
        if len(pcs) != 1:
            sys.exit(f"expected one entgraph.pc under {dest}, found {pcs}")
        pc_dir = os.path.dirname(pcs[0])
        # the .pc names the real prefix; point it into the destdir
        prefix = None
        with open(pcs[0], encoding="utf-8") as f:
            for line in f:
                if line.startswith("prefix="):
                    prefix = line.strip().split("=", 1)[1]
        if not prefix:
            sys.exit("entgraph.pc has no prefix")
        env = dict(os.environ, PKG_CONFIG_PATH=pc_dir)
        flags = shlex.split(run(["pkg-config", "--define-variable=prefix=" + dest + prefix,
                                 "--cflags", "--libs", "entgraph"], env=env))
        inc = [f for f in flags if f.startswith("-I") and f[2:].startswith(dest)]
        if not inc or not os.path.exists(os.path.join(inc[0][2:], "entgraph", "entgraph.h")):
            sys.exit(f"pkg-config gives no include folder holding entgraph/entgraph.h: {flags}")
        exe = os.path.join(dest, "prog")
        # no -I of the source tree: only what was installed
        run(cc + ["-std=c11", "-Wall", "-Werror", prog, "-o", exe] + flags, env=env)
        out = run([exe])
    want = ["p1 PER 0-3", "o1 ORG 7-11", "o1 ORG 12-14", "p1 PER 19-22"]
    got = out.splitlines()
    if not got or not got[0].endswith(": 4 mentions") or got[1:5] != want:
        sys.exit("unexpected output:\n" + out)
    if not got[5].startswith("degree 1 1, pagerank 0.50 0.50"):
        sys.exit("unexpected graph measures:\n" + out)
    print(out, end="")
    print("installed headers and library: built, linked and ran")


if __name__ == "__main__":
    main()
