#!/usr/bin/env bash
# Training step time of vanilla, mixup, manifold mixup, CutMix, SaliencyMix, AugMix and PuzzleMix side by
# side in one process (small ResNet, real Fashion-MNIST images, batch 64), with PuzzleMix's mask + transport
# time reported separately. Writes eval/results/image-step-time.md. Run it alone on the machine.
# Usage: eval/bench-image-step.sh [rounds] [steps per round] [batch] [arch]
# Environment: METHODS (a subset, e.g. "vanilla puzzlemix"), OUT (result file), BENCH_JAVA_OPTS.
# The committed results: eval/bench-image-step.sh 5 10 64 small, and
#   METHODS="vanilla puzzlemix" OUT=eval/results/image-step-time-preactresnet18.md eval/bench-image-step.sh 2 4 64 preactresnet18
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
out=${OUT:-eval/results/image-step-time.md}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.ImageStepBenchmark \
  -Dexec.args="${1:-5} ${2:-10} ${3:-64} ${4:-small} $out ${METHODS:-}" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" ${BENCH_JAVA_OPTS:-} \
  -Dmixkit.command="${METHODS:+METHODS='$METHODS' }${OUT:+OUT=$OUT }eval/bench-image-step.sh ${1:-5} ${2:-10} ${3:-64} ${4:-small}"
