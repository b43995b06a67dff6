#!/bin/sh
# Before/after table of extract's speed: two builds, interleaved runs.
#
# usage: bench/bench_ab.sh BEFORE AFTER [SIZE_MB]
#   BEFORE, AFTER  entgraph binaries (e.g. a build of main and of a branch;
#                  each finds its own bundled dict/, so build both from
#                  checkouts with the same dict/)
#   SIZE_MB        news to run on (default 100): bench/gen_news.py's
#                  Sogou articles repeated, written once to
#                  /tmp/entgraph-bench-sogou-SIZE_MB.jsonl (IN= another file)
# extract -q --no-text, as bench_tagger.sh. RUNS (default 3) rounds: in
# each round every configuration runs once with BEFORE and once with AFTER,
# one after the other, so that a change of the machine's load hits both.
# Each cell is the least CPU time (user + sys, start-up included) of its
# runs, MB/s of that, the least wall time and the largest peak RSS. The
# start-up row is extract on a one-line document (least CPU of RUNS);
# the last lines give the size of each binary's bundled tagger. The VM is
# shared: the load average is printed before and after; compare the
# columns of one table, not tables taken at other times. The outputs of the two binaries are
# compared (cmp) on the first round: a speed change must not change what
# extract writes. SAME=0 (for two versions that find different things on
# purpose, e.g. the start and the end of a session) reports a difference
# and goes on.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,24p' "$0"; exit 2; }
BEFORE=$1
AFTER=$2
MB=${3:-100}
RUNS=${RUNS:-3}
SAME=${SAME:-1}
DATA=${DATA:-$(cd .. && pwd)/shared}
IN=${IN:-/tmp/entgraph-bench-sogou-$MB.jsonl}
[ -s "$IN" ] || python3 bench/gen_news.py "$MB" "$IN" "$DATA/corpora/sogou_2012.jsonl"
bytes=$(stat -L -c %s "$IN")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "input $IN: $bytes bytes; before $BEFORE, after $AFTER; $RUNS rounds"
echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# one run: binary, label, extract options; appends "label cpu wall rss"
run() {
    bin=$1 label=$2
    shift 2
    /usr/bin/time -f "%U %S %e %M" -o "$tmp/time" "$bin" extract -q --no-text "$@" "$IN" >"$tmp/out.$label"
    awk -v l="$label" '{ printf "%s %.2f %.2f %d\n", l, $1 + $2, $3, $4 }' "$tmp/time" >>"$tmp/runs"
}

r=0
while [ "$r" -lt "$RUNS" ]; do
    for cfg in "default1:--threads 1" "default2:--threads 2" "nomodel1:--no-model --threads 1"; do
        name=${cfg%%:*}
        opts=${cfg#*:}
        # shellcheck disable=SC2086
        run "$BEFORE" "before-$name" $opts
        # shellcheck disable=SC2086
        run "$AFTER" "after-$name" $opts
        if [ "$r" -eq 0 ] && ! cmp -s "$tmp/out.before-$name" "$tmp/out.after-$name"; then
            echo "OUTPUTS DIFFER: $name" >&2
            [ "$SAME" = 0 ] || exit 1
        fi
    done
    r=$((r + 1))
done
# start-up: one short document, the bundled resources
printf '张三在北京工作。\n' >"$tmp/one.txt"
r=0
while [ "$r" -lt "$RUNS" ]; do
    for side in before after; do
        bin=$BEFORE
        [ "$side" = after ] && bin=$AFTER
        /usr/bin/time -f "%U %S %e %M" -o "$tmp/time" "$bin" extract -q --no-text "$tmp/one.txt" >/dev/null
        awk -v l="$side-startup" '{ printf "%s %.2f %.2f %d\n", l, $1 + $2, $3, $4 }' "$tmp/time" >>"$tmp/runs"
    done
    r=$((r + 1))
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | before: CPU s (MB/s) | after: CPU s (MB/s) | before: wall s | after: wall s | before: peak MiB | after: peak MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in default1 default2 nomodel1 startup; do
    awk -v n="$name" -v b="$bytes" '
        $1 == "before-" n { if (!bc || $2 < bc) bc = $2; if (!bw || $3 < bw) bw = $3; if ($4 > br) br = $4 }
        $1 == "after-" n { if (!ac || $2 < ac) ac = $2; if (!aw || $3 < aw) aw = $3; if ($4 > ar) ar = $4 }
        END {
            label = n == "default1" ? "model, 1 thread" : n == "default2" ? "model, 2 threads" : n == "nomodel1" ? "--no-model, 1 thread" : "start-up (one line)"
            if (n == "startup")
                printf "| %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.0f |\n", label, bc, ac, bw, aw, br / 1024, ar / 1024
            else
                printf "| %s | %.2f (%.1f) | %.2f (%.1f) | %.2f | %.2f | %.0f | %.0f |\n", label, bc, b / 1e6 / bc, ac, b / 1e6 / ac, bw, aw, br / 1024, ar / 1024
        }' "$tmp/runs"
done
for side in before after; do
    bin=$BEFORE
    [ "$side" = after ] && bin=$AFTER
    model="$("$bin" dict path)/tagger.egt"
    echo "$side: model $model, $(stat -L -c %s "$model" 2>/dev/null || echo '?') bytes"
done
