#!/usr/bin/python3
"""Runs one CLI test case: a command, its exit status, what it prints.

A case file (tests/cli/cases/*.case) reads:

    # what the case checks (comment lines start with #)
    $ entgraph dict lint $DATA/dict-bad/columns.tsv
    ? 1
    stderr-has:
    columns.tsv:3:9: error: expected 5 tab-separated fields

`$ ` gives the shell command (bash; `entgraph` is the built binary;
$DATA is tests/data, $SAMPLE the bundled sample folder, $TMP a fresh
folder), `? N` the exit status (default 0). Sections follow:
`stdout:`/`stderr:` (the exact text), `stdout-has:`/`stderr-has:` (each line
must appear), `stdout-lacks:`/`stderr-lacks:` (no line may appear),
`stdin:` (fed to the command). `needs: CMD` (before the sections) skips
the case (exit 77, meson's skip) when the shell command CMD fails: what
the case needs from the machine, such as a terminal for script(1).

usage: run_case.py ENTGRAPH_BINARY CASE_FILE
"""
import os
import subprocess
import sys
import tempfile


def parse(path):
    case = {"cmd": None, "exit": 0, "sections": {}, "needs": None}
    section = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if section is None and line.startswith("#"):
                continue
            if line.startswith("$ ") and case["cmd"] is None:
                case["cmd"] = line[2:]
                continue
            if line.startswith("? ") and section is None:
                case["exit"] = int(line[2:])
                continue
            if line.startswith("needs: ") and section is None:
                case["needs"] = line[len("needs: "):]
                continue
            if line.endswith(":") and line[:-1] in (
                    "stdout", "stderr", "stdout-has", "stderr-has",
                    "stdout-lacks", "stderr-lacks", "stdin"):
                section = line[:-1]
                case["sections"][section] = []
                continue
            if section is not None:
                case["sections"][section].append(line)
            elif line.strip():
                sys.exit("%s: cannot parse line: %s" % (path, line))
    if not case["cmd"]:
        sys.exit("%s: no command ($ line)" % path)
    return case


def main():
    binary, path = os.path.abspath(sys.argv[1]), sys.argv[2]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    case = parse(path)
    with tempfile.TemporaryDirectory(prefix="eg-cli-") as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(binary, os.path.join(bindir, "entgraph"))
        env = dict(os.environ)
        env.update(PATH=bindir + os.pathsep + env.get("PATH", ""),
                   DATA=os.path.join(root, "tests", "data"),
                   SAMPLE=os.path.join(root, "sample"), TMP=tmp, LC_ALL="C.UTF-8")
        if case["needs"] and subprocess.run(["bash", "-c", case["needs"]], env=env, cwd=root,
                                            capture_output=True, timeout=60).returncode != 0:
            print("skip %s: needs %s" % (os.path.basename(path), case["needs"]))
            sys.exit(77)
        stdin = "\n".join(case["sections"].get("stdin", [])).encode()
        p = subprocess.run(["bash", "-c", case["cmd"]], input=stdin, capture_output=True,
                           env=env, cwd=root, timeout=300)
    out = {"stdout": p.stdout.decode("utf-8", "replace"),
           "stderr": p.stderr.decode("utf-8", "replace")}
    problems = []
    if p.returncode != case["exit"]:
        problems.append("exit status %d, expected %d" % (p.returncode, case["exit"]))
    for name, lines in case["sections"].items():
        if name == "stdin":
            continue
        stream = name.split("-")[0]
        text = out[stream]
        if name in ("stdout", "stderr"):
            want = "\n".join(lines).rstrip("\n") + ("\n" if lines else "")
            if text != want:
                problems.append("%s differs:\n--- expected\n%s--- got\n%s" % (stream, want, text))
        elif name.endswith("-has"):
            for l in lines:
                if l and l not in text:
                    problems.append("%s lacks: %s" % (stream, l))
        else:
            for l in lines:
                if l and l in text:
                    problems.append("%s has: %s" % (stream, l))
    if problems:
        print("FAIL %s\n$ %s" % (os.path.basename(path), case["cmd"]))
        for pr in problems:
            print("  " + pr)
        print("--- stdout\n%s--- stderr\n%s" % (out["stdout"], out["stderr"]))
        sys.exit(1)
    print("ok %s" % os.path.basename(path))


if __name__ == "__main__":
    main()
