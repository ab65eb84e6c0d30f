#!/usr/bin/env bash
# Reuters R8, the MixText protocol at 10 labeled examples per class, MiniLM-L6: ERM vs TMix over
# 3 seeds. Writes eval/results/r8-10-per-class.md (table, majority-class floor, the exact commands).
# Usage: eval/r8-erm-vs-tmix.sh [SEEDS...]      (default: 1 2 3)
# CPU: about 4 minutes per run on 2 cores (scaled down from the paper, see the results page).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && seeds=("$@") || seeds=(1 2 3)
[ -f target/mixkit.jar ] || mvn -B -q package -DskipTests
[ -f datasets/r8/train.jsonl ] || datasets/fetch.sh r8
runs=eval/runs/r8
mkdir -p "$runs" eval/results
common=(--train datasets/r8/train.jsonl --test datasets/r8/test.jsonl --labels-per-class 10 --valid-per-class 20
        --preset few-shot --epochs 20 --max-length 128 --model minilm-l6)
for seed in "${seeds[@]}"; do
  for method in erm tmix; do
    out=$runs/$method-seed$seed
    if [ -f "$out/report.json" ]; then echo "$out: done"; continue; fi
    echo "java -jar target/mixkit.jar train --method $method --seed $seed ${common[*]} --out $out" >> "$runs/commands.txt"
    java -jar target/mixkit.jar train --method "$method" --seed "$seed" "${common[@]}" --out "$out" 2> "$out.log" \
      || { echo "run $out failed, see $out.log" >&2; exit 1; }
    tail -n 1 "$out.log" || true
  done
done
python3 eval/summarize.py --title "Reuters R8, 10 labeled examples per class, MiniLM-L6 (all-MiniLM-L6-v2)" \
  --train datasets/r8/train.jsonl --test datasets/r8/test.jsonl \
  --command "eval/r8-erm-vs-tmix.sh ${seeds[*]}" --settings "${common[*]}" --commands "$runs/commands.txt" \
  --out eval/results/r8-10-per-class.md "$runs"/erm-seed* "$runs"/tmix-seed*
