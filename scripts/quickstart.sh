#!/bin/sh
# First README command: install what is missing, build, and turn the bundled
# sample page into output/graph.graphml and output/graph.json.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
exec build/src/cli/entgraph build -o output sample/
