#!/bin/sh
# Second README command: install what is missing, build, and run every test
# twice: in a normal build and in an ASan+UBSan build. Ends with the line
# "N passed, N failed".
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
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C "$dir" --print-errorlogs >"$dir.test.log" 2>&1
    cat "$dir.test.log" | grep -E "^ *[0-9]+/[0-9]+ |^(Ok|Fail|Skipped|Timeout|Expected Fail|Unexpected Pass):"
    ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$dir.test.log")
    bad=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$dir.test.log")
    to=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$dir.test.log")
    up=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$dir.test.log")
    sk=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$dir.test.log")
    skipped=$((skipped + ${sk:-0}))
    if [ -z "$ok" ]; then cat "$dir.test.log"; failed=$((failed + 1)); return; fi
    passed=$((passed + ok))
    failed=$((failed + ${bad:-0} + ${to:-0} + ${up:-0}))
    if [ "${bad:-0}" != 0 ] || [ "${to:-0}" != 0 ]; then
        sed -n '/^=* [0-9]*\/[0-9]* =*$/,$p' "$dir.test.log" | tail -n 80
    fi
}
echo "== normal build"
run_suite build
echo "== sanitizer build (ASan+UBSan)"
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
