#!/usr/bin/env python3
"""Compile the bundled dictionary folder and its lexicon into an image.

usage: scripts/gen_bundled_image.py ENTGRAPH DICT_DIR OUT.egd DEPFILE

Run by the build (src/cli/meson.build): `ENTGRAPH dict compile -o OUT.egd`
with ENTGRAPH_DICT_DIR=DICT_DIR, so that a default run maps the compiled
image instead of compiling the text at every start (the CLI checks that the
image is not older than the text; the text stays the source). DEPFILE names
what the image was made from: the folder itself (a file added or removed),
its *.tsv and *.jsonl dictionaries and lexicon/words.txt, so that editing
any of them makes the build compile the image again.
"""
import os
import subprocess
import sys


def dep_escape(path):
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#").replace("$", "$$")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    exe, folder, out, depfile = sys.argv[1:]
    folder = os.path.abspath(folder)
    env = dict(os.environ, ENTGRAPH_DICT_DIR=folder)
    run = subprocess.run([exe, "dict", "compile", "-o", out], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if run.returncode:
        sys.stderr.write(run.stdout)
        sys.exit(run.returncode)
    sources = [folder, os.path.join(folder, "lexicon", "words.txt")]
    sources += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                if n.endswith((".tsv", ".jsonl")) and not n.startswith(".")]
    with open(depfile, "w", encoding="utf-8") as f:
        f.write("%s: %s\n" % (dep_escape(out), " ".join(dep_escape(s) for s in sources)))


if __name__ == "__main__":
    main()
