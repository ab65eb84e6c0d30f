#!/usr/bin/env bash
# Training step time of ERM, TMix, EmbedMix, senMixup, SSMix and MixText (K = 0, 1, 2) side by side in
# one process (MiniLM, batch 16 x 128 tokens; MixText adds 8 unlabeled texts and their K views). Writes eval/results/step-time.md. Run it alone on the machine.
# Usage: eval/bench-step.sh [rounds] [steps per round]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.StepBenchmark \
  -Dexec.args="${1:-5} ${2:-8} eval/results/step-time.md" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-step.sh ${1:-5} ${2:-8}"
