#!/bin/sh
# Installs the Debian 12 packages entgraph needs, only those missing.
# usage: scripts/install-deps.sh [--test]   (--test adds what the test suite uses)
# Runs apt-get as root, or through sudo when not root.
set -eu
pkgs="gcc libc6-dev meson ninja-build pkg-config libicu-dev libigraph-dev libcjson-dev"
if [ "${1:-}" = "--test" ]; then
    pkgs="$pkgs libcmocka-dev python3 python3-networkx python3-igraph valgrind"
    # the scale-out tests run real engines: Dask distributed and GNU parallel
    pkgs="$pkgs python3-distributed parallel"
    # graph.html is opened in headless Chromium (tests/clients/test_page.py),
    # with CJK fonts for the labels; graph.svg is rendered by rsvg-convert
    pkgs="$pkgs chromium fonts-noto-cjk librsvg2-bin"
    # node and npm for the JavaScript clients; a node installed another way
    # (nodesource, nvm) is used as it is
    command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
    command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "installing:$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# clang with libFuzzer for scripts/fuzz.sh: wanted, not required (the
# fuzzing smoke run is skipped, with a message, when it cannot be had)
if [ "${1:-}" = "--test" ] && ! command -v clang >/dev/null 2>&1 && ! command -v clang-14 >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "installing: clang-14 libclang-rt-14-dev (for fuzzing)" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        clang-14 libclang-rt-14-dev >/dev/null 2>&1 ||
        echo "warning: clang-14 could not be installed; fuzzing will be skipped" >&2
fi
# The JavaScript clients the tests read graphs back with (graphology and its
# GEXF and GraphML readers), into tests/clients/node_modules (git-ignored).
# playwright-core drives Debian's chromium for the page test (it downloads
# no browser of its own).
if [ "${1:-}" = "--test" ] && { [ ! -d "$(dirname "$0")/../tests/clients/node_modules/graphology-gexf" ] ||
        [ ! -d "$(dirname "$0")/../tests/clients/node_modules/playwright-core" ]; }; then
    echo "installing: graphology, graphology-gexf, graphology-graphml, playwright-core (npm)" >&2
    npm install --no-package-lock --no-audit --no-fund --fetch-retries 1 --fetch-timeout 30000 --prefix "$(dirname "$0")/../tests/clients" >/dev/null ||
        echo "warning: npm could not install them; the graphology and page tests will be skipped" >&2
fi
