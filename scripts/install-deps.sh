#!/bin/sh
# Installs the Debian 12 packages entgraph needs, only those missing.
# usage: scripts/install-deps.sh [--test]   (--test adds what the test suite uses)
# Runs apt-get as root, or through sudo when not root.
set -eu
pkgs="gcc libc6-dev meson ninja-build pkg-config libicu-dev libigraph-dev libcjson-dev"
if [ "${1:-}" = "--test" ]; then
    pkgs="$pkgs libcmocka-dev python3 python3-networkx python3-igraph"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "installing:$missing" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
