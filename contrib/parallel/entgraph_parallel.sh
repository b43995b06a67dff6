#!/bin/sh
# Builds one entgraph graph from shards of a corpus with GNU parallel.
#
# usage: entgraph_parallel.sh -p PARTS -o OUT [-j JOBS] [-d DICT.egd]
#                             [-b BUILD-OPTS] [-m MERGE-OPTS] SHARDS.txt
#
# SHARDS.txt lists the shards (files or folders), one a line, in corpus
# order. Shard number N (its line) is counted into PARTS/N.egp by
#
#     entgraph build -q [-d DICT.egd] BUILD-OPTS --partial PARTS/N.egp SHARD
#
# JOBS at a time (default: one per core), then the partials are merged in
# line order into OUT, byte-identical to one `entgraph build -o OUT` over
# the shards in that order. A shard that fails is tried once more at once
# (--retries 2); what ran is logged in PARTS/joblog. When shards still
# fail, nothing is merged and the exit status is 1: run the same command
# again and GNU parallel's --resume-failed runs only the failed shards and
# those never started (the list, options and PARTS must stay the same;
# delete PARTS to start afresh). ENTGRAPH names the binary (default:
# entgraph on PATH); -b and -m are split into words by the shell.
# Exit status: 0 done, 1 a shard or the merge failed, 2 usage.
set -u
parts="" out="" jobs="100%" dict="" bopts="" mopts=""
usage() { sed -n '4,5s/^# \{0,1\}//p' "$0" >&2; exit 2; }
while getopts "p:o:j:d:b:m:h" opt; do
    case $opt in
    p) parts=$OPTARG ;;
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    d) dict=$OPTARG ;;
    b) bopts=$OPTARG ;;
    m) mopts=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] && [ -n "$parts" ] && [ -n "$out" ] || usage
list=$1
[ -r "$list" ] || { echo "$list: error: cannot read the shard list" >&2; exit 1; }
command -v parallel >/dev/null 2>&1 || { echo "entgraph_parallel.sh: error: GNU parallel is not installed" >&2; exit 1; }
mkdir -p "$parts" || exit 1
n=$(grep -c '' "$list")
[ "$n" -gt 0 ] || { echo "$list: error: no shards" >&2; exit 1; }

# the job's command sees these through its environment
EG_BIN=${ENTGRAPH:-entgraph} EG_PARTS=$parts EG_DICT=$dict EG_BUILD_OPTS=$bopts
export EG_BIN EG_PARTS EG_DICT EG_BUILD_OPTS
# shellcheck disable=SC2016 # expanded by the job's shell
parallel --will-cite -j "$jobs" --retries 2 --joblog "$parts/joblog" --resume-failed \
    --line-buffer --tag-string 'shard {#}' \
    '"$EG_BIN" build -q ${EG_DICT:+-d "$EG_DICT"} $EG_BUILD_OPTS --partial "$EG_PARTS/{#}.egp" {} && echo "counted {}"' \
    < "$list"
failed=$?
if [ "$failed" -ne 0 ]; then
    echo "entgraph_parallel.sh: error: $failed shard(s) failed (see $parts/joblog); run the same command again to count only those" >&2
    exit 1
fi
# the partials in line order: that order decides the evidence kept
set --
i=1
while [ "$i" -le "$n" ]; do
    set -- "$@" "$parts/$i.egp"
    i=$((i + 1))
done
# shellcheck disable=SC2086 # merge options are words
"${ENTGRAPH:-entgraph}" merge $mopts -o "$out" "$@" || exit 1
