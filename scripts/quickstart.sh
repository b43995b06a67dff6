#!/bin/sh
# First README command: install what is missing, build, and turn the bundled
# sample page into output/graph.graphml, output/graph.json and
# output/graph.html (open it in a browser).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
    meson setup build >build.log 2>&1 || { cat build.log; exit 1; }
fi
ninja -C build >build.log 2>&1 || { cat build.log; exit 1; }
exec build/src/cli/entgraph build -f graphml,json,html -o output sample/
