#!/bin/sh
# Trains the bundled tagger model (dict/tagger.egt), or measures it by
# cross-validation on the dev sets.
#
#   scripts/train-tagger.sh                 train on everything -> dict/tagger.egt
#   scripts/train-tagger.sh --cv K [DIR]    K-fold cross-validation on msra_dev, pd_dev
#                                           and bench/genres (DIR: work folder, default a
#                                           temp one); prints the ablation table; also
#                                           scores bench/heldout with a model trained on all
#
# Environment: ENTGRAPH (the binary, default build/src/cli/entgraph), DATA (the
# folder holding train/ and eval/, default ../shared beside the checkout),
# SEED (default 1), RUNS (default 8: how many perceptrons, on seeds SEED,
# SEED + 1, ..., whose mean is the model), EPOCHS (default 10), HASH_BITS
# (default 18), START_BIAS (default PER=0,LOC=0,ORG=16: entgraph train
# --start-bias, the score a labelling gains for each name of a type, written
# into the transitions after training; it trades precision for recall; the
# default measured in README, "The start bias"), OMIT_FEATURES (default
# class5: entgraph train --omit-features, the feature groups the model is
# trained without and tagging then skips; "none" for all; README, "What each
# feature group costs and is worth"), GATE_RECALL (default 990: entgraph train
# --gate-recall, the per mille of labelled names' characters the tagger's
# gate must let through, each example scored out of fold; README, "The
# gate"), MODEL (output path of the default mode, default dict/tagger.egt).
#
# The sources and their weights (see README, "The trained tagger", for what
# each file is and its licence): news in MSRA / People's Daily style weigh 3,
# pd1998_guocail 1 (its organisations are mostly unlabelled), the résumé set 1,
# the genre dev set (bench/genres: web headlines, social media, broadcast
# news, written for the project) 3. The three dev sets are also what the
# cross-validation scores, each fold by a model that never saw it.
# The same data, seed and binary give the same model bytes. After rules or
# dictionaries change, run this again: the features are what they find.
set -eu
cd "$(dirname "$0")/.."
ENTGRAPH=${ENTGRAPH:-build/src/cli/entgraph}
DATA=${DATA:-$(cd .. && pwd)/shared}
SEED=${SEED:-1}
RUNS=${RUNS:-8}
EPOCHS=${EPOCHS:-10}
HASH_BITS=${HASH_BITS:-18}
START_BIAS=${START_BIAS:-PER=0,LOC=0,ORG=16}
OMIT_FEATURES=${OMIT_FEATURES:-class5}
GATE_RECALL=${GATE_RECALL:-990}
T=$DATA/train
E=$DATA/eval
G=bench/genres/dev.jsonl
TRAIN="$T/pd1998_nerpy.jsonl:3 $T/msra_train_first1000.jsonl:3 $T/pd1998_guocail_1000.jsonl:1 $T/resume_ner.jsonl:1"
DEV_WEIGHT=3
# The training files are Simplified Chinese and are read as they are
# (--convert none): the default conversion of extract (auto, ICU's
# Traditional-to-Simplified) turns a few Simplified characters into others
# (著名 -> 着名), which cost 0.8 micro F1 on pd_dev when the training text went
# through it; tagging converted text with a model trained so loses nothing.
OPTS="--seed $SEED --runs $RUNS --epochs $EPOCHS --hash-bits $HASH_BITS --start-bias $START_BIAS --omit-features $OMIT_FEATURES --gate-recall $GATE_RECALL --convert none"

for f in $T/pd1998_nerpy.jsonl $T/msra_train_first1000.jsonl $T/pd1998_guocail_1000.jsonl \
         $T/resume_ner.jsonl $E/msra_dev.jsonl $E/pd_dev.jsonl $G; do
    [ -r "$f" ] || { echo "train-tagger.sh: cannot read $f (set DATA)" >&2; exit 1; }
done

if [ "${1:-}" != "--cv" ]; then
    MODEL=${MODEL:-dict/tagger.egt}
    # shellcheck disable=SC2086
    "$ENTGRAPH" train -o "$MODEL" $OPTS $TRAIN "$E/msra_dev.jsonl:$DEV_WEIGHT" "$E/pd_dev.jsonl:$DEV_WEIGHT" \
        "$G:$DEV_WEIGHT"
    exit 0
fi

K=${2:-5}
W=${3:-$(mktemp -d)}
mkdir -p "$W"
score() { python3 "$E/score.py" "$1" "$2" --json "$3" >/dev/null; }

# folds: line i of a dev set is in fold i mod K
dev() { if [ "$1" = genres ]; then echo "$G"; else echo "$E/$1.jsonl"; fi; }
for s in msra_dev pd_dev genres; do
    k=0
    while [ $k -lt "$K" ]; do
        awk -v k=$k -v K="$K" '(NR - 1) % K == k' "$(dev $s)" >"$W/$s.fold$k.jsonl"
        awk -v k=$k -v K="$K" '(NR - 1) % K != k' "$(dev $s)" >"$W/$s.rest$k.jsonl"
        k=$((k + 1))
    done
done

# the tagger: fold k predicted by a model that never saw it
for mode in keep-dict only; do
    for s in msra_dev pd_dev genres; do : >"$W/pred.$mode.$s.jsonl"; done
done
k=0
while [ $k -lt "$K" ]; do
    # shellcheck disable=SC2086
    "$ENTGRAPH" train -q -o "$W/fold$k.egt" $OPTS $TRAIN \
        "$W/msra_dev.rest$k.jsonl:$DEV_WEIGHT" "$W/pd_dev.rest$k.jsonl:$DEV_WEIGHT" \
        "$W/genres.rest$k.jsonl:$DEV_WEIGHT"
    for mode in keep-dict only; do
        for s in msra_dev pd_dev genres; do
            "$ENTGRAPH" extract -q --no-text --model "$W/fold$k.egt" --model-mode $mode \
                "$W/$s.fold$k.jsonl" >>"$W/pred.$mode.$s.jsonl"
        done
    done
    k=$((k + 1))
done
# shellcheck disable=SC2086
"$ENTGRAPH" train -q -o "$W/all.egt" $OPTS $TRAIN "$E/msra_dev.jsonl:$DEV_WEIGHT" "$E/pd_dev.jsonl:$DEV_WEIGHT" \
    "$G:$DEV_WEIGHT"
# the genre set's folds back in its own order, for by_section.py
for mode in keep-dict only; do
    python3 - "$G" "$W/pred.$mode.genres.jsonl" <<'EOF'
import json, sys
pred = {json.loads(l)["id"]: l for l in open(sys.argv[2], encoding="utf-8")}
lines = [pred[json.loads(l)["id"]] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
open(sys.argv[2], "w", encoding="utf-8").writelines(lines)
EOF
done
H=bench/heldout/heldout.jsonl
for mode in keep-dict only; do
    "$ENTGRAPH" extract -q --no-text --model "$W/all.egt" --model-mode $mode $H >"$W/pred.$mode.heldout.jsonl"
done
# without the tagger (nothing trained: the whole sets)
for s in msra_dev pd_dev genres heldout; do
    g=$(dev $s)
    [ $s = heldout ] && g=$H
    "$ENTGRAPH" extract -q --no-text --no-model --no-rules "$g" >"$W/pred.registry.$s.jsonl"
    "$ENTGRAPH" extract -q --no-text --no-model --no-lexicon "$g" >"$W/pred.rules.$s.jsonl"
    "$ENTGRAPH" extract -q --no-text --no-model "$g" >"$W/pred.words.$s.jsonl"
done
for s in msra_dev pd_dev genres heldout; do
    g=$(dev $s)
    [ $s = heldout ] && g=$H
    for v in registry rules words only keep-dict; do
        score "$g" "$W/pred.$v.$s.jsonl" "$W/score.$v.$s.json"
    done
done
python3 - "$W" <<'EOF'
import json, sys
w = sys.argv[1]
names = {"registry": "registry only (--no-rules --no-model)", "rules": "+ rules (--no-model --no-lexicon)",
         "words": "+ segmentation: the word test (--no-model)",
         "only": "+ tagger, its spans alone (--model-mode only)",
         "keep-dict": "+ tagger, keep-dict (the default)"}
for s in ("msra_dev", "pd_dev", "genres", "heldout"):
    print("\n%s%s" % (s, "" if s == "heldout" else " (cross-validated)"))
    print("| configuration | PER P/R/F1 | LOC P/R/F1 | ORG P/R/F1 | micro P/R/F1 |")
    print("| --- | --- | --- | --- | --- |")
    for v in ("registry", "rules", "words", "only", "keep-dict"):
        j = json.load(open("%s/score.%s.%s.json" % (w, v, s)))
        def cell(t):
            d = j["per_type"][t] if t != "micro" else j["micro"]
            return "%.1f / %.1f / **%.1f**" % (100 * d["precision"], 100 * d["recall"], 100 * d["f1"])
        print("| %s | %s |" % (names[v], " | ".join(cell(t) for t in ("PER", "LOC", "ORG", "micro"))))
EOF
# the genre set by genre, cross-validated
echo
echo "genres (cross-validated), the default (keep-dict), by genre:"
python3 bench/genres/by_section.py "$W/pred.keep-dict.genres.jsonl" "$G" "$E/score.py"
# the precision of the tagger's own names (rule "model") by type, the news
# dev sets cross-validated: the confidences of src/recognize.c
python3 - "$E/msra_dev.jsonl" "$W/pred.keep-dict.msra_dev.jsonl" "$E/pd_dev.jsonl" "$W/pred.keep-dict.pd_dev.jsonl" <<'EOF'
import collections, json, sys
tp, n = collections.Counter(), collections.Counter()
for gold, pred in zip(sys.argv[1::2], sys.argv[2::2]):
    g = {}
    for line in open(gold, encoding="utf-8"):
        r = json.loads(line)
        g[r["id"]] = {(e["start"], e["end"], e["type"]) for e in r["entities"]}
    for line in open(pred, encoding="utf-8"):
        r = json.loads(line)
        for e in r["entities"]:
            if e["rule"] == "model":
                n[e["type"]] += 1
                tp[e["type"]] += (e["start"], e["end"], e["type"]) in g.get(r["id"], ())
print("\nprecision of rule model (cross-validated): " +
      ", ".join("%s %.3f of %d" % (t, tp[t] / n[t], n[t]) for t in ("PER", "LOC", "ORG") if n[t]))
EOF
