#!/bin/sh
# graph.html in headless Chromium, by hand (not a test, not in CI): builds
# the sample and a generated graph (bench/gen_graph.c: NODES nodes, EDGES
# edges, laid out as 'entgraph build' does) with -f html, opens each page
# three times, each in a browser of its own (tests/clients/test_page.js
# measure), and prints one JSON line per load:
#   bytes; first_render_ms (navigation to the page's first frame on screen,
#   after the paint) and load_ms (the same as the driver saw it); browser_cpu_s
#   (CPU seconds of all the browser's processes to then) and cpu_by_process
#   (renderer: the page's scripts and HTML parsing; gpu-process: SwiftShader
#   drawing the WebGL; browser); timings (the page's own marks, ms since
#   navigation: script start, JSON parsed, graph built, renderer made,
#   filters, first frame); dom_content_loaded_ms (the browser has read the
#   whole file, the evidence after the scripts included); interaction_ms
#   (hover, leave, search, select a node, select an edge, close: each to
#   the frame that shows it).
# The machine is shared: the load average is printed before and after;
# CPU seconds are the steadier figure.
#
# usage: bench/bench_page.sh [NODES] [EDGES] [WORKDIR]   (default 20000 200000)
# Needs a build in build/ and what the page test needs (scripts/install-deps.sh
# --test): Debian's chromium and playwright-core in tests/clients/node_modules.
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
