#!/usr/bin/env bash
# MiniLM inference throughput: MixKit's encoder next to ONNX Runtime on the same ONNX file, in one
# process, with the same thread count. Writes eval/results/inference-minilm.md.
# Usage: eval/bench-inference.sh [rounds] [batches per round]
# Run it alone: two OpenMP processes on 2 cores slow each other about 10x.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.InferenceBenchmark \
  -Dexec.args="${1:-5} ${2:-10} eval/results/inference-minilm.md" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-inference.sh ${1:-5} ${2:-10}"
