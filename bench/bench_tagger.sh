#!/bin/sh
# The tagger's cost: extract on ~100 MB of news-like text (the dev sets'
# sentences, shuffled into five-sentence paragraphs and repeated; written to
# /tmp, never committed), without the model, with it reading every clause
# (--model-everywhere) and with its gate (the default), one and two threads.
# Prints wall and CPU seconds, MB/s of CPU time and peak RSS for each, with
# the load (the VM is shared: CPU seconds are the figure, wall times say
# little). Each configuration runs RUNS times (default 3) and the least CPU
# time is kept.
# usage: bench/bench_tagger.sh [SIZE_MB]   (default 100; DATA as in
# scripts/train-tagger.sh, ENTGRAPH the binary, IN another input file;
# SOURCE=news: real news instead, ../shared/corpora/sogou_2012.jsonl
# repeated to SIZE_MB by bench/gen_news.py, the issues' "100 MB of news")
set -eu
cd "$(dirname "$0")/.."
ENTGRAPH=${ENTGRAPH:-build/src/cli/entgraph}
DATA=${DATA:-$(cd .. && pwd)/shared}
MB=${1:-100}
RUNS=${RUNS:-3}
SOURCE=${SOURCE:-dev}
if [ "$SOURCE" = news ]; then
    IN=${IN:-/tmp/entgraph-bench-sogou-$MB.jsonl}
    [ -s "$IN" ] || python3 bench/gen_news.py "$MB" "$IN" "$DATA/corpora/sogou_2012.jsonl"
fi
IN=${IN:-/tmp/entgraph-bench-news-$MB.txt}
if [ ! -s "$IN" ]; then
    python3 - "$DATA/eval" "$MB" "$IN" <<'PY'
import json, random, sys
d, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = [json.loads(l)["text"] for f in ("msra_dev.jsonl", "pd_dev.jsonl") for l in open("%s/%s" % (d, f), encoding="utf-8")]
rng = random.Random(7)
limit, n = mb * 1000000, 0
with open(out, "w", encoding="utf-8") as f:
    while n < limit:
        rng.shuffle(s)
        for i in range(0, len(s), 5):
            p = "".join(s[i:i + 5]) + "\n\n"
            f.write(p)
            n += len(p.encode())
            if n >= limit:
                break
PY
fi
bytes=$(stat -c %s "$IN")
echo "input $IN: $bytes bytes; $(uptime)"
echo "| model | threads | wall s | CPU s | MB/s (CPU) | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for model in --no-model --model-everywhere ""; do
    for t in 1 2; do
        best=""
        r=0
        while [ $r -lt "$RUNS" ]; do
            /usr/bin/time -f "%e %U %S %M" -o /tmp/entgraph-bench-time $ENTGRAPH extract -q --no-text $model --threads $t "$IN" >/dev/null 2>/dev/null
            read -r wall user sys rss </tmp/entgraph-bench-time
            cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
            if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then
                best=$cpu bwall=$wall brss=$rss
            fi
            r=$((r + 1))
        done
        awk -v m="${model:-default}" -v t=$t -v w="$bwall" -v c="$best" -v r="$brss" -v b="$bytes" \
            'BEGIN { printf "| %s | %d | %.2f | %.2f | %.1f | %.0f |\n", m, t, w, c, b / 1e6 / c, r / 1024 }'
    done
done
echo "$(uptime)"
