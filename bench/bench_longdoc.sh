#!/bin/sh
# Does extract's time grow linearly with the length of one document? Makes
# (in a temporary directory, never committed) one-document inputs of
# 0.5, 1, 2 and 4 MB (SIZES to change) from the real news of
# ../shared/corpora/sogou_2012.jsonl (its articles joined into one text and
# repeated: "news"; the same with all white space removed, one paragraph:
# "paragraph") and from bench/gen_longdoc.py ("names") (the names that make the
# document-wide stages work: shared place names, names that need context,
# roles, surnames with forms of address, seeded), and prints the CPU
# seconds (user + sys, least of RUNS runs, default 3) and CPU seconds per MB
# after the start-up (a one-line document) for each. Linear: the last
# column stays flat.
# usage: bench/bench_longdoc.sh   (ENTGRAPH the binary, default build/src/cli/entgraph;
# KINDS a subset of "news paragraph names")
set -eu
cd "$(dirname "$0")/.."
ENTGRAPH=${ENTGRAPH:-build/src/cli/entgraph}
DATA=${DATA:-$(cd .. && pwd)/shared}
RUNS=${RUNS:-3}
SIZES=${SIZES:-0.5 1 2 4}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cpu() { # least user+sys of RUNS runs of extract on $1
    best=""
    r=0
    while [ $r -lt "$RUNS" ]; do
        /usr/bin/time -f "%U %S" -o "$tmp/t" "$ENTGRAPH" extract -q --no-text "$1" >/dev/null
        c=$(awk '{ print $1 + $2 }' "$tmp/t")
        if [ -z "$best" ] || awk -v a="$c" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$c; fi
        r=$((r + 1))
    done
    echo "$best"
}
echo '嘉兴市海盐县' >"$tmp/one.txt"
start=$(cpu "$tmp/one.txt")
echo "start-up (one-line document): $start s CPU; $(uptime)"
echo "| input | MB | CPU s | CPU s per MB after start-up |"
echo "| --- | ---: | ---: | ---: |"
for kind in ${KINDS:-news paragraph names}; do
    for mb in $SIZES; do
        f="$tmp/$kind-$mb.txt"
        if [ $kind != names ]; then
            python3 - "$DATA/corpora/sogou_2012.jsonl" "$mb" "$f" $kind <<'PY'
import json, sys
src, mb, out, kind = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
docs = [json.loads(l)["text"] for l in open(src, encoding="utf-8") if l.strip()]
whole = "\n\n".join(docs) + "\n\n"
if kind == "paragraph":
    whole = "".join(whole.split())
limit = int(mb * 1000000)
b = (whole * (limit // len(whole.encode()) + 1)).encode()[:limit]
open(out, "w", encoding="utf-8").write(b.decode("utf-8", "ignore"))
PY
        else
            python3 bench/gen_longdoc.py "$mb" 1 >"$f"
        fi
        c=$(cpu "$f")
        awk -v k=$kind -v m="$mb" -v c="$c" -v s="$start" 'BEGIN { printf "| %s | %s | %.2f | %.3f |\n", k, m, c, (c - s) / m }'
    done
done
