#!/usr/bin/env bash
# Training step time of ERM, TMix, EmbedMix, senMixup, SSMix, token-level PuzzleMix and MixText (K = 0, 1, 2) side by side in
# one process (MiniLM, batch 16 x 128 tokens; MixText adds 8 unlabeled texts and their K views). Writes eval/results/step-time.md. Run it alone on the machine.
# Also the profile of a step: batch, saliency/mixing before recording, forward, backward, norm, clipping + AdamW,
# and the number of tensors a step makes (a measure of native calls).
# Usage: eval/bench-step.sh [rounds] [steps per round] [methods...] (default: every text method)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.StepBenchmark \
  -Dexec.args="${1:-5} ${2:-8} eval/results/step-time.md ${*:3}" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-step.sh ${*:-5 8}"
