#!/bin/sh
# graph.html in headless Chromium: file size, and the time from navigation
# to sigma's first rendered frame (performance.now() at its first
# afterRender), for the sample and a generated graph. Not a test: run by
# hand; prints one JSON line per page with the page's own timings (script
# start, JSON parsed, graphology graph built, renderer made, filters
# applied, first frame; ms since navigation).
#
# usage: bench/bench_page.sh [NODES] [EDGES] [WORKDIR]   (default 20000 200000)
# Needs what the page test needs (scripts/install-deps.sh --test): Debian's
# chromium and playwright-core in tests/clients/node_modules.
set -eu
nodes=${1:-20000}
edges=${2:-200000}
work=${3:-${TMPDIR:-/tmp}/entgraph-bench-page}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work/sample" "$work/gen"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$root/include" -I"$root/src" "$root/bench/gen_graph.c" \
    "$root/build/src/libentgraph.a" $(pkg-config --libs igraph libcjson icu-uc icu-i18n) -lm -fopenmp \
    -o "$work/gen_graph"
"$root/build/src/cli/entgraph" build -q -f json,html -o "$work/sample" "$root/sample"
/usr/bin/time -f "generated and laid out in %e s" "$work/gen_graph" "$work/gen" "$nodes" "$edges" html
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for page in "$work/sample/graph.html" "$work/gen/graph.html"; do
    for run in 1 2 3; do
        node "$root/tests/clients/test_page.js" measure "$page"
    done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
