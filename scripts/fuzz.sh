#!/bin/sh
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined,
# in build-fuzz/) and runs them.
#
# usage: scripts/fuzz.sh TARGET|all [SECONDS]        (default 60)
#        scripts/fuzz.sh campaign TOTAL_SECONDS [TARGET...]
#
# The first form is the smoke run of CI: one, or all, targets for SECONDS
# each; new inputs go to build-fuzz/corpus/TARGET and are not kept.
#
# The second is the campaign that accumulates: the targets (all when none
# is named) one after the other, one core at a time, TOTAL_SECONDS shared
# between them. After each target its corpus is minimised with -merge=1
# into fuzz/corpus/TARGET/ (committed, so the next campaign starts where
# this one stopped: hand-written seeds keep their names, what the fuzzer
# found is named by its SHA-1), and a line goes into fuzz/LEDGER.md with
# the date, the wall and CPU seconds fuzzed, the runs and the result; the
# ledger's totals are recomputed from its lines. A finding does not stop
# the campaign: the other targets still run, the exit status is 1.
# Run it niced: nice -n 19 scripts/fuzz.sh campaign 3600
#
# Targets: fuzz/meson.build. Both forms read the seeds in fuzz/corpus/TARGET
# and the regressions in tests/data/fuzz-regressions/TARGET. A crash leaves
# its input in build-fuzz/artifacts/: fix the bug, then copy the input into
# tests/data/fuzz-regressions/TARGET/ so that the test suite replays it.
# Exit status 77 when no clang with libFuzzer is available.
set -u
cd "$(dirname "$0")/.."
targets="dict text reader matcher compiled tagger graph_json graphml graph_egb merge date json_file page graph_map lexicon"
usage() {
    echo "usage: scripts/fuzz.sh TARGET|all [SECONDS]" >&2
    echo "       scripts/fuzz.sh campaign TOTAL_SECONDS [TARGET...]" >&2
    exit 2
}
known() { case " $targets " in *" $1 "*) return 0 ;; esac; echo "unknown target '$1' (one of: $targets)" >&2; exit 2; }
is_count() { case $1 in '' | *[!0-9]*) return 1 ;; esac; [ "$1" -gt 0 ]; }
[ $# -ge 1 ] || usage
campaign=0
if [ "$1" = campaign ]; then
    [ $# -ge 2 ] && is_count "$2" || usage
    campaign=1 total=$2
    shift 2
    what=${*:-$targets}
    for t in $what; do known "$t"; done
    n=$(echo $what | wc -w)
    secs=$((total / n))
    [ "$secs" -gt 0 ] || { echo "fuzz.sh: $total s is less than a second per target" >&2; exit 2; }
else
    what=$1 secs=${2:-60}
    is_count "$secs" || usage
    [ "$what" = all ] && what=$targets || known "$what"
fi

cc=""
for c in clang clang-14; do command -v "$c" >/dev/null 2>&1 && { cc=$c; break; }; done
if [ -z "$cc" ] || ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
        "$cc" -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
    echo "fuzzing skipped: no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)" >&2
    exit 77
fi
dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
    CC=$cc meson setup "$dir" -Dfuzz=enabled -Dtests=disabled -Dbuildtype=debugoptimized \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args=-fsanitize=fuzzer-no-link >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
fi
# a campaign keeps to one core, the build included
jobs=""
[ $campaign = 1 ] && jobs=-j1
ninja $jobs -C "$dir" >"$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log"; exit 1; }

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# CPU seconds (user + system) of the children that have ended so far: the
# shell's times builtin (its second line) must run in this shell, not in a
# command substitution (a subshell has no children), so it writes to a
# file that cpu_read reads.
cpu_read() {
    awk 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
        printf "%.1f\n", t
    }' "$dir/times.tmp"
}

# Minimises target $1's corpus into fuzz/corpus/$1: the hand-written seeds
# (any name but a SHA-1) are kept as they are, then -merge=1 adds from the
# old committed corpus and this run's finds only the inputs that bring new
# coverage. The committed corpus is replaced only when the merge succeeds.
minimise() {
    t=$1 keep=fuzz/corpus/$1 tmp=$dir/merge-$1
    rm -rf "$tmp" && mkdir -p "$tmp" "$keep" || return 1
    for f in "$keep"/*; do
        [ -f "$f" ] || continue
        case ${f##*/} in
        ????????????????????????????????????????) echo "${f##*/}" | grep -q '^[0-9a-f]*$' && continue ;;
        esac
        cp "$f" "$tmp/" || return 1
    done
    "$dir/fuzz/fuzz_$t" -merge=1 -rss_limit_mb=2048 -timeout=20 \
        -merge_control_file="$dir/merge-$t.control" "$tmp" "$keep" "$dir/corpus/$t" \
        >"$dir/merge-$t.log" 2>&1 || return 1
    rm -rf "$keep" && mv "$tmp" "$keep" && rm -rf "$dir/corpus/$t" "$dir/merge-$t.control"
}

# Appends a line to fuzz/LEDGER.md and recomputes its totals (the table
# between the "## Totals" and "## Runs" headings) from all its lines.
ledger() {
    l=fuzz/LEDGER.md
    [ -f "$l" ] || { echo "fuzz.sh: $l is missing" >&2; return 1; }
    echo "$1" >>"$l"
    awk '
    /^## Totals/ { mode = 1; head = head $0 "\n"; next }
    /^## Runs/ { mode = 2 }
    mode == 1 { next }
    mode == 0 { head = head $0 "\n"; next }
    { runs = runs $0 "\n" }
    mode == 2 && /^\| [0-9][0-9][0-9][0-9]-/ {
        n = split($0, c, "|")
        for (i = 2; i < n; i++) gsub(/^ +| +$/, "", c[i])
        t = c[3]
        if (!(t in cpu)) order[++nt] = t
        cpu[t] += c[5]; wall[t] += c[4]; execs[t] += c[6]; sessions[t]++
        if (c[8] != "ok") found[t]++
    }
    END {
        printf "%s", head
        print ""
        print "| target | CPU time | wall time | runs | campaigns | findings |"
        print "|---|---:|---:|---:|---:|---:|"
        for (i = 1; i <= nt; i++) {
            t = order[i]
            printf "| %s | %d min %02d s | %d min %02d s | %d | %d | %d |\n", t, cpu[t] / 60,
                cpu[t] % 60, wall[t] / 60, wall[t] % 60, execs[t], sessions[t], found[t]
        }
        print ""
        printf "%s", runs
    }' "$l" >"$l.tmp" && mv "$l.tmp" "$l"
}

status=0
for t in $what; do
    mkdir -p "$dir/corpus/$t" "$dir/artifacts"
    log="$dir/fuzz-$t.log"
    seeds=""
    for d in "fuzz/corpus/$t" "tests/data/fuzz-regressions/$t"; do [ -d "$d" ] && seeds="$seeds $d"; done
    times >"$dir/times.tmp"
    before=$(cpu_read)
    "$dir/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 ${EG_FUZZ_SEED:+-seed=$EG_FUZZ_SEED} \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
        "$dir/corpus/$t" $seeds >"$log" 2>&1
    rc=$?
    times >"$dir/times.tmp"
    after=$(cpu_read)
    cpu=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.1f", b - a }')
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    wall=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
    cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1)
    if [ $rc -eq 0 ]; then
        result=ok
        echo "fuzz $t: ok, ${secs}s, ${runs:-?} runs, $cov, ${cpu} CPU s"
    else
        status=1
        artifact=$(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$log" | tail -n 1)
        result="FOUND ${artifact:-exit $rc}"
        echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; log $log"
        grep -aE "ERROR|SUMMARY|check failed|Test unit written" "$log" | head -n 8
    fi
    [ $campaign = 1 ] || continue
    if minimise "$t"; then
        files=$(ls "fuzz/corpus/$t" | wc -l)
    else
        echo "fuzz $t: the corpus could not be minimised; log $dir/merge-$t.log" >&2
        files="?"
        status=1
    fi
    ledger "| $(date -u '+%Y-%m-%d %H:%M') | $t | ${wall:-$secs} | $cpu | ${runs:-0} | $files | $result |" ||
        status=1
done
exit $status
