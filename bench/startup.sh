#!/bin/sh
# Startup time and peak memory of entgraph with a dictionary from sources
# (TSV, normalised and compiled at every start) and from a compiled file
# (dict compile, mapped from disk). Not a test: run by hand, figures go to
# stdout as a table.
#
# usage: bench/startup.sh [ENTGRAPH] [EXTRA_DICT.tsv]
#   ENTGRAPH     the binary (default build/src/cli/entgraph, built -O2)
#   EXTRA_DICT   an extra dictionary measured on top of the bundled one,
#                e.g. the villages file written by
#                node scripts/gen_divisions.mjs --villages dict/optional/cn_villages.tsv
# Each figure is the median of 5 runs of `extract` on a one-line document.
set -eu
bin=${1:-build/src/cli/entgraph}
extra=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo '嘉兴市海盐县' > "$tmp/doc.txt"

measure() { # label, then the entgraph arguments before the input
    label=$1; shift
    for i in 1 2 3 4 5; do
        t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$tmp/t" "$bin" extract -q --no-text "$@" "$tmp/doc.txt" >/dev/null
        t1=$(date +%s%N)
        echo "$(( (t1 - t0) / 1000 )) $(cat "$tmp/t")"
    done | sort -n | sed -n 3p | awk -v l="$label" '{ printf "%-52s %8.3f s %9.1f MiB\n", l, $1 / 1e6, $2 / 1024 }'
}

entries() { "$bin" dict stats "$@" | awk '/^entries:/ { print $2 }'; }

echo "entgraph startup (median of 5; wall time and peak RSS of a whole extract run)"
printf '%-52s %10s %13s\n' "dictionary" "time" "peak RSS"
n=$(entries)
measure "bundled dict/, TSV ($n entries)"
"$bin" dict compile -o "$tmp/bundled.egd" >/dev/null
measure "bundled dict/, compiled ($(du -m "$tmp/bundled.egd" | cut -f1) MB file)" -d "$tmp/bundled.egd"
measure "no dictionary" --no-default-dict
if [ -n "$extra" ]; then
    n=$(entries "$(dirname "$0")/../dict" "$extra")
    measure "bundled + $(basename "$extra"), TSV ($n entries)" -d "$extra"
    "$bin" dict compile -d "$extra" -o "$tmp/extra.egd" >/dev/null
    measure "bundled + $(basename "$extra"), compiled ($(du -m "$tmp/extra.egd" | cut -f1) MB)" -d "$tmp/extra.egd"
fi
