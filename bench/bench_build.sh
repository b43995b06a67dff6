#!/bin/sh
# Whole 'entgraph build' (read, extract, link, analyse, write GraphML + JSON
# + egb) on 1, 10 and 100 MB of news-like text, beside the script a user
# would write instead (bench/jieba_networkx.py: jieba.posseg + networkx),
# on the same input, in one run. Not a test: run by hand; a Markdown table
# goes to stdout.
#
# usage: bench/bench_build.sh [SIZES] [WORK_DIR] [ENTGRAPH]
#   SIZES     MB of text, comma-separated (default 1,10,100)
#   WORK_DIR  generated corpora and outputs (default ${TMPDIR:-/tmp}/entgraph-build-bench)
#   ENTGRAPH  the binary (default build/src/cli/entgraph)
# The text is bench/gen_archive.py's (seeded, non-repeating, names of a
# 300 000-name list dropped in). entgraph runs twice: with its bundled
# dictionary, and with the 5 000 commonest of the text's names compiled
# (-d names_5k.egd, the dictionary a user of the archive would have), which
# makes a larger graph. Needs /usr/bin/python3 with python3-jieba and
# python3-networkx (apt-get install python3-jieba python3-networkx); without
# them, or with BASELINE=0 in the environment, the baseline is skipped.
set -eu
sizes=${1:-1,10,100}
work=${2:-${TMPDIR:-/tmp}/entgraph-build-bench}
bin=${3:-build/src/cli/entgraph}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$work"
have_jieba=0
[ "${BASELINE:-1}" = 0 ] || { /usr/bin/python3 -c 'import jieba, networkx' 2>/dev/null && have_jieba=1; }

measure() { # wall and CPU (user + system) seconds and peak RSS (MiB) of a
            # command into $t, $c and $m
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" "$@" > /dev/null 2> "$work/err.out" || {
        echo "failed: $*" >&2
        cat "$work/err.out" >&2
        t=0 c=0 m=0
        return 0
    }
    t=$(tail -n 1 "$work/time.out" | cut -d' ' -f1)
    c=$(tail -n 1 "$work/time.out" | awk '{ printf "%.2f", $2 + $3 }')
    m=$(tail -n 1 "$work/time.out" | awk '{ printf "%.0f", $4 / 1024 }')
}
graph_size() { # nodes and edges of a graph.json
    /usr/bin/python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); print(len(g["nodes"]), len(g["links"]))' "$1"
}

echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo
echo "| MB | tool | wall s | CPU s | peak RSS MiB | nodes | edges | betweenness | × faster than jieba+networkx (wall) |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in $(echo "$sizes" | tr ',' ' '); do
    d="$work/news$size"
    mkdir -p "$d"
    if [ ! -f "$d/corpus.txt" ]; then
        /usr/bin/python3 "$here/gen_archive.py" "$size" "$d" > /dev/null
    fi
    [ -f "$d/names_5k.egd" ] ||
        "$bin" dict compile --no-default-dict -d "$d/names_5k.tsv" -o "$d/names_5k.egd" > /dev/null
    jt=0
    if [ $have_jieba = 1 ]; then
        measure /usr/bin/python3 "$here/jieba_networkx.py" "$d/corpus.txt" "$d/jieba.graphml"
        jt=$t
        nodes_edges=$(/usr/bin/python3 -c 'import networkx,sys; g=networkx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())' "$d/jieba.graphml")
        echo "| $size | jieba.posseg + networkx (jieba_networkx.py) | $t | $c | $m | ${nodes_edges% *} | ${nodes_edges#* } | | 1 |"
    fi
    for dict in bundled names_5k; do
        extra=""
        [ $dict = names_5k ] && extra="-d $d/names_5k.egd"
        # shellcheck disable=SC2086
        measure "$bin" build -q $extra -o "$d/out_$dict" "$d/corpus.txt"
        ne=$(graph_size "$d/out_$dict/graph.json")
        how=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["graph"]["betweenness"])' "$d/out_$dict/graph.json")
        ratio=$(awk -v j="$jt" -v t="$t" 'BEGIN { if (j > 0 && t > 0) printf "%.0f×", j / t }')
        echo "| $size | entgraph build ($dict dictionary) | $t | $c | $m | ${ne% *} | ${ne#* } | $how | $ratio |"
    done
done
echo
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
