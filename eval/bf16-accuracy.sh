#!/usr/bin/env bash
# Does --precision bf16 keep accuracy? Reuters R8 at 10 labeled examples per class (the MixText protocol,
# 20 validation examples per class, preset few-shot, 20 epochs, MiniLM-L6, 128 tokens), ERM, the same seeds
# in fp32 and bf16: the same split, initialisation and data order, so the difference per seed is the
# precision's. Resumable (finished runs are skipped). Writes eval/results/bf16-accuracy.md.
# Usage: eval/bf16-accuracy.sh [SEEDS...]   (default 1 2 3; about 5 minutes a run on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && seeds=("$@") || seeds=(1 2 3)
source eval/jar-snapshot.sh
runs=eval/runs/bf16
mkdir -p "$runs" eval/results
[ -f datasets/r8/train.jsonl ] || datasets/fetch.sh r8
common=(--train datasets/r8/train.jsonl --test datasets/r8/test.jsonl --labels-per-class 10 --valid-per-class 20
        --preset few-shot --epochs 20 --max-length 128 --method erm)
for seed in "${seeds[@]}"; do
  for p in fp32 bf16; do
    out=$runs/r8-erm-$p-seed$seed
    if [ -f "$out/report.json" ]; then echo "$out: done"; continue; fi
    java -jar "$MIXKIT_JAR" train --precision "$p" --seed "$seed" "${common[@]}" --out "$out" 2> "$out.log" \
      || { echo "run $out failed, see $out.log" >&2; exit 1; }
    grep "test accuracy" "$out.log" || true
  done
done
python3 - "$runs" "${common[*]}" "${seeds[@]}" <<'PY'
import json, statistics, sys, datetime
runs, settings, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
rows, diffs, acc = [], [], {"fp32": [], "bf16": []}
for s in seeds:
    r = {p: json.load(open(f"{runs}/r8-erm-{p}-seed{s}/report.json")) for p in ("fp32", "bf16")}
    a = {p: r[p]["accuracy"] for p in r}
    for p in a:
        acc[p].append(a[p])
    diffs.append(a["bf16"] - a["fp32"])
    rows.append(f"| {s} | {100 * a['fp32']:.2f} | {100 * a['bf16']:.2f} | {100 * diffs[-1]:+.2f} |")
m = lambda v: statistics.mean(v)
sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
out = ["# bf16 against fp32: R8 at 10 labels per class, ERM", "",
       f"Produced by `eval/bf16-accuracy.sh {' '.join(seeds)}` on {datetime.datetime.utcnow().isoformat()}Z. "
       f"Settings: `train {settings} --precision fp32|bf16 --seed S`; test: all R8 test documents.", "",
       "| seed | fp32 accuracy (%) | bf16 accuracy (%) | bf16 - fp32 (points) |",
       "|---|---|---|---|", *rows,
       f"| mean ± sd | {100 * m(acc['fp32']):.2f} ± {100 * sd(acc['fp32']):.2f} | {100 * m(acc['bf16']):.2f} ± {100 * sd(acc['bf16']):.2f} "
       f"| {100 * m(diffs):+.2f} ± {100 * sd(diffs):.2f} |", "",
       "(Run times are not compared here: other work shared the machine; speed is eval/bench-vs-pytorch.sh's.)", "",
       f"Target: the mean difference within 0.5 points. Measured: {100 * m(diffs):+.2f} points "
       f"({'within' if abs(m(diffs)) <= 0.005 else 'outside'} the target)."]
open("eval/results/bf16-accuracy.md", "w").write("\n".join(out) + "\n")
print("\n".join(out))
PY
