#!/usr/bin/env bash
# Memory over long runs in one JVM: RSS, anonymous RSS, Java direct buffers and arrays on the model's
# manager at steps 1 ... 2,000 of a TMix run (MiniLM, batch 16 x 32 tokens) and of a PuzzleMix run
# (small ResNet, batch 32), and after 3 load-train-close cycles of MiniLM. Writes eval/results/memory.md.
# About 15 minutes on 2 cores; run it alone on the machine.
# Usage: eval/memory.sh [steps]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/memory.classpath -Dmdep.includeScope=test
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/memory.sh ${1:-2000}" \
  -cp "target/test-classes:target/classes:$(cat target/memory.classpath)" \
  io.mixkit.eval.MemoryBenchmark "${1:-2000}" eval/results/memory.md
