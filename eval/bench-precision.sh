#!/usr/bin/env bash
# fp32 against bf16 training steps on this CPU (MiniLM, batch 16 x 128, ERM; eval/bench-step.sh's harness),
# with the CPU's bf16 instructions from /proc/cpuinfo, to show where --precision bf16 pays and where it is
# emulated. Writes eval/results/precision-by-cpu/CPU.md (one file per CPU model and bf16 unit), so results
# from different machines sit side by side. Run it alone on the machine.
# Usage: eval/bench-precision.sh [rounds] [steps per round]
set -euo pipefail
cd "$(dirname "$0")/.."
model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo | cut -d: -f2)
unit=none
for u in amx_bf16 avx512_bf16 bf16; do
  if grep -qw "$u" <<< "$flags"; then unit=$u; break; fi
done
vec=$(grep -ow -E 'avx512f|avx2' <<< "$flags" | sort -u | paste -sd' ')
slug=$(echo "$model-$unit" | tr -c 'A-Za-z0-9\n' '-' | tr -s '-' | sed 's/-$//' | tr 'A-Z' 'a-z')
mkdir -p eval/results/precision-by-cpu
out=eval/results/precision-by-cpu/$slug.md
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.StepBenchmark \
  -Dexec.args="${1:-3} ${2:-4} $out.tmp erm erm@bf16" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-precision.sh ${*:-3 4}"
{ echo "# fp32 against bf16 on $model (bf16 instructions: $unit; vector units: ${vec:-none})"
  echo
  echo "CPU from /proc/cpuinfo: model name \"$model\", $(nproc) cores, bf16 unit: $unit."
  echo
  sed "s/^# /## /" "$out.tmp"; } > "$out"
rm -f "$out.tmp"
echo "wrote $out"
