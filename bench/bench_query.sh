#!/bin/sh
# Wall time and peak RSS of 'entgraph query' subcommands on a generated graph
# (bench/gen_graph.c: NODES nodes, EDGES edges, hubs and leaves, one alias and
# one evidence snippet each), load included, as a Markdown table. Not a test:
# run by hand, after `ninja -C build bench` (which builds the generator and
# the CLI; use a -Dbuildtype=release build for figures).
#
# usage: bench/bench_query.sh [WORK_DIR] [NODES] [EDGES] [ENTGRAPH]
#   WORK_DIR  where the graph goes (default ${TMPDIR:-/tmp}/entgraph-bench);
#             generated once per size into WORK_DIR/N_E/
#   NODES EDGES  default 100000 1000000; above 2 000 000 edges only
#             graph.egb is written (the JSON would be gigabytes)
#   ENTGRAPH  the binary (default build/src/cli/entgraph)
# Each figure is the best wall time of RUNS (default 5) runs, the CPU time
# (user + system) and peak RSS of that run (/usr/bin/time), with the
# machine's load beside it (on a loaded machine the CPU time is the steadier
# figure).
set -eu
cd "$(dirname "$0")/.."
work=${1:-${TMPDIR:-/tmp}/entgraph-bench}
nodes=${2:-100000}
edges=${3:-1000000}
eg=${4:-build/src/cli/entgraph}
gen=build/bench/gen_graph
dir="$work/${nodes}_${edges}"
mkdir -p "$dir"
if [ ! -f "$dir/graph.egb" ]; then
    [ -x "$gen" ] || { echo "build it first: ninja -C build bench" >&2; exit 2; }
    formats=json,egb
    [ "$edges" -gt 2000000 ] && formats=egb
    "$gen" "$dir" "$nodes" "$edges" "$formats" >&2
fi
g="$dir/graph.egb"
# a linked pair for explain: the strongest neighbour of entity 12345
pair=$("$eg" query "$g" neighbors 实体12345 -n 1 --tsv | cut -f1)

runs=${RUNS:-5}
t() { # label, command...: best wall time of $runs runs, that run's CPU time
      # (user + system) and peak RSS
    label=$1; shift
    best=; rss=; cpu=
    for i in $(seq "$runs"); do
        /usr/bin/time -f '%e %U %S %M' -o "$dir/time.out" "$@" > /dev/null 2>&1 || true
        read -r s u k m < "$dir/time.out" || true
        case "$s" in [0-9]*) ;; *) read -r s u k m << EOF2
$(tail -n 1 "$dir/time.out")
EOF2
        ;; esac
        if [ -z "$best" ] || [ "$(echo "$s < $best" | bc)" = 1 ]; then
            best=$s; rss=$m; cpu=$(echo "$u + $k" | bc)
        fi
    done
    printf '| %s | %s | %.2f | %.0f |\n' "$label" "$best" "$cpu" "$(echo "$rss / 1024" | bc -l)"
}
echo "graph: $nodes nodes, $edges edges; graph.egb $(du -m "$g" | cut -f1) MB;" \
     "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| query (graph.egb) | wall s | CPU s | peak RSS MiB |"
echo "|---|---|---|---|"
t "stats" "$eg" query "$g" stats
t "top --by pagerank" "$eg" query "$g" top --by pagerank
t "top --by degree --type ORG" "$eg" query "$g" top --by degree --type ORG
t "neighbors 实体12345" "$eg" query "$g" neighbors 实体12345
t "neighbors 别名7 (alias of a hub)" "$eg" query "$g" neighbors 别名7
t "explain 实体12345 $pair" "$eg" query "$g" explain 实体12345 "$pair"
t "find 实体1234" "$eg" query "$g" find 实体1234
t "find ent:00999 (id, ASCII)" "$eg" query "$g" find ent:00999
t "path 实体12345 实体54321" "$eg" query "$g" path 实体12345 实体54321
if [ -f "$dir/graph.json" ]; then # the JSON alone (beside it, graph.egb is read)
    ln -sf graph.json "$dir/only.json"
    t "neighbors 实体12345 (graph.json alone)" "$eg" query "$dir/only.json" neighbors 实体12345
    rm -f "$dir/only.json"
fi
