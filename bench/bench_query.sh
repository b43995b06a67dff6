#!/bin/sh
# Times 'entgraph query … neighbors' on a generated graph of 100 000 nodes and
# 1 000 000 edges (bench/gen_graph.c), load included: from graph.egb (what
# query picks beside graph.json) and, for comparison, from the JSON alone.
# usage: bench/bench_query.sh [WORK_DIR]      (run from the checkout, after ninja -C build)
set -eu
cd "$(dirname "$0")/.."
work=${1:-/tmp/entgraph-bench}
mkdir -p "$work"
if [ ! -f "$work/graph.egb" ]; then
    cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc bench/gen_graph.c \
        build/src/libentgraph.a $(pkg-config --libs igraph libcjson icu-uc icu-i18n) -lm \
        -o "$work/gen_graph"
    "$work/gen_graph" "$work"
fi
ls -l "$work/graph.json" "$work/graph.egb"
eg=build/src/cli/entgraph
t() { # label, command...: best wall time of 5 runs
    label=$1; shift
    best=
    for i in 1 2 3 4 5; do
        s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
        d=$(echo "$e - $s" | bc)
        if [ -z "$best" ] || [ "$(echo "$d < $best" | bc)" = 1 ]; then best=$d; fi
    done
    printf '%-48s %6.3f s (best of 5)\n' "$label" "$best"
}
t "neighbors 实体12345 (graph.json -> graph.egb)" $eg query "$work/graph.json" neighbors 实体12345
t "neighbors 别名7 (alias, hub, graph.egb)" $eg query "$work/graph.egb" neighbors 别名7
t "top --by pagerank (graph.egb)" $eg query "$work/graph.egb" top --by pagerank
cp "$work/graph.json" "$work/only.json"
s=$(date +%s.%N); $eg query "$work/only.json" neighbors 实体12345 >/dev/null; e=$(date +%s.%N)
printf '%-48s %6.3f s (one run)\n' "neighbors 实体12345 (JSON only, no .egb)" "$(echo "$e - $s" | bc)"
rm -f "$work/only.json"
