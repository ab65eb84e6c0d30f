#!/usr/bin/env bash
# The MixText protocol at 10 labeled examples per class on IMDB and Reuters R8 with MiniLM-L6:
# ERM vs TMix vs MixText over 3 seeds. Writes eval/results/semi-supervised.md (tables) and
# eval/results/semi-supervised.png (mean test accuracy, one-standard-deviation bars).
#
# Scaled down from the paper to fit a few CPU hours on 2 cores (about 4 h): MiniLM-L6 instead of
# BERT-base, 128 tokens instead of 256, 20 epochs over the 10-per-class labeled set (early stopping,
# patience 8) instead of 20 x 1,000 iterations, 20 validation examples per class instead of 2,000,
# 2,000 unlabeled texts per class instead of 5,000, K = 2 EDA views instead of two back-translations,
# batches of 8 labeled + 8 unlabeled. Mixing as the paper: alpha 16, layers {7,9,12} scaled to {4,5,6}.
#
# On a machine with a GPU build of libtorch and BERT-base, the paper's settings are:
#   MODEL=bert-base-uncased MAXLEN=256 EPOCHS=... UNL=5000 VALID=2000 eval/semi-supervised.sh
# Usage: eval/semi-supervised.sh [SEEDS...]   (default 1 2 3)
# The committed results were made with: TEST_SAMPLE=4000 eval/semi-supervised.sh
# Environment: MODEL MAXLEN EPOCHS UNL VALID, TEST_SAMPLE (evaluate on a seeded stratified sample of
# this many test documents when the test split is larger), DATASETS (default "r8 imdb"), METHODS (default
# "erm tmix mixtext"), RESULT (one results file for all datasets instead of semi-supervised-DATASET.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && seeds=("$@") || seeds=(1 2 3)
model=${MODEL:-minilm-l6}; maxlen=${MAXLEN:-128}; epochs=${EPOCHS:-20}; unl=${UNL:-2000}; valid=${VALID:-20}
datasets=(${DATASETS:-r8 imdb})
methods=(${METHODS:-erm tmix mixtext})
result=${RESULT:-}
source eval/jar-snapshot.sh
runs=eval/runs/semi
mkdir -p "$runs" eval/results
chart_args=()
for ds in "${datasets[@]}"; do
  [ -f "datasets/$ds/train.jsonl" ] || datasets/fetch.sh "$ds"
  test=datasets/$ds/test.jsonl
  if [ -n "${TEST_SAMPLE:-}" ] && [ "$(wc -l < "$test")" -gt "$TEST_SAMPLE" ]; then
    test=datasets/$ds/test-sample-$TEST_SAMPLE.jsonl
    python3 - "datasets/$ds/test.jsonl" "$test" "$TEST_SAMPLE" <<'PY'
import collections, json, random, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
by = collections.defaultdict(list)
for l in rows:
    by[json.loads(l)["label"]].append(l)
n = int(sys.argv[3]); rng = random.Random(42); out = []
for label in sorted(by):
    k = round(n * len(by[label]) / len(rows))
    out += rng.sample(by[label], min(k, len(by[label])))
rng.shuffle(out)
open(sys.argv[2], "w", encoding="utf-8").writelines(out)
PY
  fi
  common=(--train "datasets/$ds/train.jsonl" --test "$test" --labels-per-class 10
          --valid-per-class "$valid" --preset few-shot --epochs "$epochs" --max-length "$maxlen" --model "$model"
          --unlabeled-per-class "$unl" --augment eda --k 2)
  # MixText's own options: train refuses options a method does not have (since the method registry)
  mixtext_args=(--unlabeled-batch-size 8 --temperature 0.5 --lambda-u 1)
  for seed in "${seeds[@]}"; do
    for method in "${methods[@]}"; do
      out=$runs/$ds-$method-seed$seed
      chart_args+=("$ds=$out")
      if [ -f "$out/report.json" ]; then echo "$out: done"; continue; fi
      extra=(); [ "$method" = mixtext ] && extra=("${mixtext_args[@]}")
      echo "java -jar target/mixkit.jar train --method $method --seed $seed ${common[*]} ${extra[*]} --out $out" >> "$runs/commands-$ds.txt"
      java -jar "$MIXKIT_JAR" train --method "$method" --seed "$seed" "${common[@]}" "${extra[@]}" --out "$out" 2> "$out.log" \
        || { echo "run $out failed, see $out.log" >&2; exit 1; }
      grep "test accuracy" "$out.log" || true
    done
  done
  python3 eval/summarize.py --title "$ds, 10 labeled examples per class, $model" --test "$test" \
    --command "${COMMAND:-eval/semi-supervised.sh} ${seeds[*]}" --settings "${common[*]}" --commands "$runs/commands-$ds.txt" \
    --out "eval/results/${result:-semi-supervised-$ds}.md" $(for m in "${methods[@]}"; do ls -d "$runs/$ds-$m"-seed*; done | grep -v '\.log$')
done
java -cp "$MIXKIT_JAR" io.mixkit.eval.ResultsChart "eval/results/${result:-semi-supervised}.png" \
  "10 labeled examples per class, $model: ${methods[*]}" "${chart_args[@]}"
