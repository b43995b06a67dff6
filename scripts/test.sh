#!/bin/sh
# Second README command: install what is missing, build, and run every test
# twice: in a normal build and in an ASan+UBSan build; then the unit tests
# and fuzz regressions under valgrind memcheck, and each libFuzzer target
# for a short smoke run (EG_FUZZ_SECONDS, default 10; 0 skips). Ends with
# the line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test || exit 1
passed=0 failed=0 skipped=0
run_suite() { # $1 = build dir, $2... = meson setup options
    dir=$1; shift
    if [ ! -f "$dir/build.ninja" ]; then
        meson setup "$dir" -Dtests=enabled "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; failed=$((failed + 1)); return; }
    else # a build dir made by quickstart.sh may have the tests off
        meson setup --reconfigure "$dir" -Dtests=enabled "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; failed=$((failed + 1)); return; }
    fi
    if ! ninja -C "$dir" >"$dir.ninja.log" 2>&1; then
        cat "$dir.ninja.log"; failed=$((failed + 1)); return
    fi
    run_tests "$dir" "$dir.test.log"
}
run_tests() { # $1 = build dir, $2 = log, $3... = more meson test options
    dir=$1 log=$2; shift 2
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C "$dir" --print-errorlogs "$@" >"$log" 2>&1
    cat "$log" | grep -E "^ *[0-9]+/[0-9]+ |^(Ok|Fail|Skipped|Timeout|Expected Fail|Unexpected Pass):"
    ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log")
    bad=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log")
    to=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log")
    up=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log")
    sk=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$log")
    skipped=$((skipped + ${sk:-0}))
    if [ -z "$ok" ]; then cat "$log"; failed=$((failed + 1)); return; fi
    passed=$((passed + ok))
    failed=$((failed + ${bad:-0} + ${to:-0} + ${up:-0}))
    if [ "${bad:-0}" != 0 ] || [ "${to:-0}" != 0 ]; then
        sed -n '/^=* [0-9]*\/[0-9]* =*$/,$p' "$log" | tail -n 80
    fi
}
echo "== normal build"
run_suite build
echo "== sanitizer build (ASan+UBSan)"
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
echo "== valgrind memcheck (unit tests and fuzz regressions of the normal build)"
if [ -f build/build.ninja ]; then
    run_tests build build.valgrind.log --no-rebuild --suite unit --suite fuzz-regressions \
        --timeout-multiplier 4 \
        --wrap='valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect'
fi
secs=${EG_FUZZ_SECONDS:-10}
if [ "$secs" != 0 ]; then
    echo "== fuzzing (libFuzzer, ${secs}s per target)"
    # a fixed seed: the smoke run repeats the same inputs on every machine,
    # so that CI does not fail on what a random seed happens to hit first
    # (long runs with scripts/fuzz.sh use random seeds)
    EG_FUZZ_SEED=${EG_FUZZ_SEED:-1} scripts/fuzz.sh all "$secs" >build-fuzz.log 2>&1
    rc=$?
    cat build-fuzz.log
    if [ $rc -ne 77 ]; then
        ok=$(grep -c '^fuzz .*: ok' build-fuzz.log)
        bad=$(grep -c '^fuzz .*: FAILED' build-fuzz.log)
        passed=$((passed + ok))
        failed=$((failed + bad))
        [ $rc -ne 0 ] && [ "$bad" -eq 0 ] && failed=$((failed + 1))
    fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
