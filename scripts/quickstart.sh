#!/bin/sh
# First README command: install what is missing, build, and turn the bundled
# sample page into output/graph.graphml and output/graph.json.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
    meson setup build >build.log 2>&1 || { cat build.log; exit 1; }
fi
ninja -C build >build.log 2>&1 || { cat build.log; exit 1; }
exec build/src/cli/entgraph build -o output sample/
