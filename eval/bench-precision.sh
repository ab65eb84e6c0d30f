#!/usr/bin/env bash
# fp32 against bf16 training steps on this CPU (MiniLM, batch 16 x 128, ERM, and fp32 MixText K=2;
# eval/bench-step.sh's harness), with the CPU's bf16 instructions from /proc/cpuinfo, to show where
# --precision bf16 pays and where it is emulated; also the fp32 2048^3 matrix-product limit through MixKit and
# the fraction of it an fp32 ERM step reaches (137.7 GFLOP a step, as in eval/bench-vs-pytorch.sh). Writes eval/results/precision-by-cpu/CPU.md (one file per CPU model and bf16 unit), so results
# from different machines sit side by side. Run it alone on the machine.
# Usage: eval/bench-precision.sh [rounds] [steps per round] (default 2 3: an emulated bf16 step can take 40 s)
set -euo pipefail
cd "$(dirname "$0")/.."
# the CPU's model and bf16 unit as accumulate.py records them (its cpu_facts, the reading of io.mixkit.train.NativeBf16)
IFS=$'\t' read -r model unit < <(python3 -c 'import sys; sys.path.insert(0, "eval"); import accumulate
f = accumulate.cpu_facts(); print(f["model"] + "\t" + (f["bf16"] or "none"))')
flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo | cut -d: -f2)
vec=$(grep -ow -E 'avx512f|avx2' <<< "$flags" | sort -u | paste -sd' ')
slug=$(echo "$model-$unit" | tr -c 'A-Za-z0-9\n' '-' | tr -s '-' | sed 's/-$//' | tr 'A-Z' 'a-z')
mkdir -p eval/results/precision-by-cpu
out=eval/results/precision-by-cpu/$slug.md
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.StepBenchmark \
  -Dexec.args="${1:-2} ${2:-3} $out.tmp erm erm@bf16 mixtext:2" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-precision.sh ${*:-2 3}"
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
probe=$(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.mixkit.eval.MatmulProbe 2048 fp32 2>/dev/null | tail -1)
limit=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["fp32_gflops"])' "$probe")
erm=$(sed -n 's/^| erm | \([0-9.]*\) |.*/\1/p' "$out.tmp" | head -1)
{ echo "# fp32 against bf16 on $model (bf16 instructions: $unit; vector units: ${vec:-none})"
  echo
  echo "CPU from /proc/cpuinfo: model name \"$model\", $(nproc) cores, bf16 unit: $unit."
  echo
  sed "s/^# /## /" "$out.tmp"
  echo
  echo "fp32 2048^3 matrix product through MixKit: $probe"
  echo
  python3 -c 'import sys; l, e = float(sys.argv[1]), float(sys.argv[2]); g = 16 * 3 * 2.869e9 / e / 1e9
print(f"fp32 ERM step: {g:.0f} GFLOP/s, {100 * g / l:.0f}% of the fp32 limit ({l:.0f} GFLOP/s).")' "$limit" "$erm"
} > "$out"
rm -f "$out.tmp"
echo "wrote $out"
