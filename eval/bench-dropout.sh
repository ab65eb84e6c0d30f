#!/usr/bin/env bash
# Dropout on MiniLM's attention probabilities and hidden states (batch 16 x 128 tokens): libtorch's dropout
# against MixKit's DropoutMasks, per call, in one process. Writes eval/results/dropout-masks.md. Run it alone.
# Usage: eval/bench-dropout.sh [rounds] [calls per round]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.DropoutBenchmark \
  -Dexec.args="${1:-5} ${2:-20} eval/results/dropout-masks.md" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-dropout.sh ${1:-5} ${2:-20}"
