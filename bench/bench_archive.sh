#!/bin/sh
# Throughput and peak memory on an archive-sized corpus, beside ripgrep and
# jieba. Not a test: run by hand; figures go to stdout as a Markdown table,
# all from one run. entgraph runs with the list alone: --no-model, since the
# trained tagger (dict/tagger.egt) is no part of matching a list; its cost is
# bench/bench_tagger.sh's.
#
# usage: bench/bench_archive.sh [SIZE_MB] [WORKDIR] [ENTGRAPH]
#   SIZE_MB   corpus size (default 100)
#   WORKDIR   where the generated corpus, name lists and outputs go
#             (default ${TMPDIR:-/tmp}/entgraph-bench; never inside the checkout)
#   ENTGRAPH  the binary (default build/src/cli/entgraph, built -O2)
# Needs: python3, /usr/bin/time, ripgrep (apt-get install ripgrep), node and
# npm (for @node-rs/jieba, installed into WORKDIR on first use). Tools that
# are missing are skipped.
#
# For each name list (5 000 and 300 000 names from bench/gen_archive.py):
#   rg          rg -F -o -c -f NAMES.txt CORPUS: bare multi-string matching
#   jieba       @node-rs/jieba cut, the names loaded as a user dictionary
#   extract     entgraph extract (mentions JSONL to /dev/null)
#   build-count entgraph build --partial: read, extract, link, count, no graph
#   build       entgraph build, the whole graph: analysis and files too
#   merge       entgraph merge of the one partial: analysis and files alone
# entgraph runs with only that list: -d LIST.egd, compiled beforehand with
# `entgraph dict compile --no-default-dict -d LIST.tsv` (load included in
# every figure), with --threads 1 and 2. MB/s are corpus bytes over wall
# time; "vs rg" is rg's wall time over entgraph's (higher is faster).
set -eu
size=${1:-100}
work=${2:-${TMPDIR:-/tmp}/entgraph-bench}
bin=${3:-build/src/cli/entgraph}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
mkdir -p "$work"
cd "$work"
if [ ! -f corpus.txt ] || [ "$(cat corpus.size 2>/dev/null)" != "$size" ]; then
    python3 "$here/gen_archive.py" "$size" . >&2
    echo "$size" > corpus.size
fi
bytes=$(wc -c < corpus.txt)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

# measure LABEL CMD...: wall seconds and peak RSS (MiB) into $t and $m
measure() {
    /usr/bin/time -f '%e %M' -o time.out "$@" > /dev/null 2> err.out || {
        echo "failed: $*" >&2
        cat err.out >&2
        t=0
        m=0
        return 0
    }
    t=$(awk '{ print $1 }' time.out)
    m=$(awk '{ printf "%.0f", $2 / 1024 }' time.out)
}

have_jieba=0
if command -v node > /dev/null && command -v npm > /dev/null; then
    if [ ! -d node_modules/@node-rs/jieba ]; then
        npm install --no-save --silent @node-rs/jieba > /dev/null 2>&1 || true
    fi
    [ -d node_modules/@node-rs/jieba ] && have_jieba=1
fi

echo "corpus: $mb MB of generated news text ($(grep -c . corpus.txt) non-empty lines), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| names | tool | threads | wall s | MB/s | peak RSS MiB | vs rg |"
echo "|---|---|---|---|---|---|---|"
row() { # names tool threads
    awk -v n="$1" -v tool="$2" -v th="$3" -v t="$t" -v m="$m" -v mb="$mb" -v rg="$rg_t" 'BEGIN {
        if (t == 0) { printf "| %s | %s | %s | failed | | | |\n", n, tool, th; exit }
        printf "| %s | %s | %s | %.2f | %.1f | %s | %s |\n", n, tool, th, t, mb / t, m,
               (rg + 0 > 0) ? sprintf("%.2f×", rg / t) : "" }'
}
for list in 5k 300k; do
    "$bin" dict compile --no-default-dict -d "names_$list.tsv" -o "names_$list.egd" > /dev/null
    rg_t=0
    if command -v rg > /dev/null; then
        measure rg -F -o -c -f "names_$list.txt" corpus.txt
        rg_t=$t
        row "$list" "rg -F -o -c -f" 1
    fi
    if [ $have_jieba = 1 ]; then
        measure node "$here/jieba_cut.mjs" "names_$list.txt" corpus.txt
        row "$list" "@node-rs/jieba cut" 1
    fi
    for th in 1 2; do
        measure "$bin" extract -q --no-text --threads $th --no-model -d "names_$list.egd" corpus.txt
        row "$list" "entgraph extract" $th
        measure "$bin" build -q --threads $th --no-model -d "names_$list.egd" --partial "part_$list.egp" corpus.txt
        row "$list" "entgraph build --partial" $th
        measure "$bin" build -q --threads $th --no-model -d "names_$list.egd" -o "out_$list" corpus.txt
        row "$list" "entgraph build (graph)" $th
    done
    measure "$bin" merge -q -o "merged_$list" "part_$list.egp"
    echo "| $list | (entgraph merge: analysis and files alone) | 1 | $t | | $m | |"
done
echo
echo "dictionary load (extract of a one-line document):"
for list in 5k 300k; do
    head -n 1 "names_$list.txt" > one.txt
    measure "$bin" extract -q --no-model -d "names_$list.egd" one.txt
    echo "  $list compiled (.egd): $t s, $m MiB"
    measure "$bin" extract -q --no-default-dict -d "names_$list.tsv" one.txt
    echo "  $list from TSV:        $t s, $m MiB"
    if command -v rg > /dev/null; then
        measure rg -F -c -f "names_$list.txt" one.txt
        echo "  $list rg -f:           $t s, $m MiB"
    fi
done
