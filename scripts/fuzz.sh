#!/bin/sh
# Builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined,
# in build-fuzz/) and runs one, or all, for SECONDS each.
# usage: scripts/fuzz.sh TARGET|all [SECONDS]   (default 60)
# Targets: dict text reader matcher compiled tagger graph_json graphml graph_egb graph_map
# (fuzz/meson.build). New inputs go to build-fuzz/corpus/TARGET; the seeds
# in fuzz/corpus/TARGET and the regressions in
# tests/data/fuzz-regressions/TARGET are read too. A crash leaves its input
# in build-fuzz/artifacts/ and exits 1: fix the bug, then copy the input
# into tests/data/fuzz-regressions/TARGET/ so that the test suite replays it.
# Exit status 77 when no clang with libFuzzer is available.
set -u
cd "$(dirname "$0")/.."
targets="dict text reader matcher compiled tagger graph_json graphml graph_egb graph_map"
[ $# -ge 1 ] || { echo "usage: scripts/fuzz.sh TARGET|all [SECONDS]" >&2; exit 2; }
what=$1 secs=${2:-60}
case " $targets all " in *" $what "*) ;; *) echo "unknown target '$what' (one of: $targets, all)" >&2; exit 2 ;; esac
[ "$what" = all ] && what=$targets

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
ninja -C "$dir" >"$dir.ninja.log" 2>&1 || { cat "$dir.ninja.log"; exit 1; }
status=0
for t in $what; do
    mkdir -p "$dir/corpus/$t" "$dir/artifacts"
    log="$dir/fuzz-$t.log"
    seeds=""
    for d in "fuzz/corpus/$t" "tests/data/fuzz-regressions/$t"; do [ -d "$d" ] && seeds="$seeds $d"; done
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$dir/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 ${EG_FUZZ_SEED:+-seed=$EG_FUZZ_SEED} \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
        "$dir/corpus/$t" $seeds >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1)
    if [ $rc -eq 0 ]; then
        echo "fuzz $t: ok, ${secs}s, ${runs:-?} runs, $cov"
    else
        status=1
        echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; log $log"
        grep -aE "ERROR|SUMMARY|check failed|Test unit written" "$log" | head -n 8
    fi
done
exit $status
