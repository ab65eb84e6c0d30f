#!/usr/bin/env bash
# Length bucketing on real texts: evaluation and ERM training sequences/s on R8 and IMDB test texts, in
# dataset / shuffled order against length-bucketed order, MiniLM. Writes eval/results/length-buckets.md.
# Needs datasets/r8 and datasets/imdb (datasets/fetch.sh r8; datasets/fetch.sh imdb). Run it alone.
# Usage: eval/bench-buckets.sh [max_length] [texts per data set]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${MIXKIT_THREADS:-$(nproc)}
len=${1:-256}
cap=${2:-2000}
mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=io.mixkit.eval.LengthBucketBenchmark \
  -Dexec.args="$len $cap eval/results/length-buckets.md r8=datasets/r8/test.jsonl imdb=datasets/imdb/test.jsonl" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dmixkit.command="eval/bench-buckets.sh $len $cap"
