#!/usr/bin/env bash
# PuzzleMix and its baselines on Fashion-MNIST (padded to 32x32): vanilla, input mixup, manifold mixup,
# CutMix, AugMix, PuzzleMix over 3 seeds; top-1 error and FGSM error (eps 8/255) on the 10,000 test
# images, mean and standard deviation. Writes eval/results/image-fashion-mnist.md and .png.
#
# Sized for 2 CPU cores (about 75 minutes idle; the committed run took 81 with other work alongside):
# the small pre-activation ResNet, the first 10,000 training
# images, 15 epochs of batch 64 (2,355 steps), AdamW 2e-3 with linear decay, crop and flip; every method
# with the reference's mixing settings (mixup alpha 1, manifold alpha 2 over stages 0-2, CutMix alpha 1,
# AugMix severity 3 / width 3 / JS weight 12, PuzzleMix: ALGORITHMS.md section 5, exact mask solver).
#
# The same script runs PreActResNet-18 on the full training set on a machine with a GPU build of libtorch:
#   ARCH=preactresnet18 TRAIN_SIZE=0 EPOCHS=... eval/image-fashion-mnist.sh
# Usage: eval/image-fashion-mnist.sh [SEEDS...]   (default 1 2 3)
# Environment: ARCH (small), TRAIN_SIZE (10000; 0 = all 60,000), EPOCHS (15), BATCH (64), METHODS,
# EXTRA (more train options for every run), RESULT (eval/results/image-fashion-mnist), RUNS (run folders).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] && seeds=("$@") || seeds=(1 2 3)
arch=${ARCH:-small}; train_size=${TRAIN_SIZE:-10000}; epochs=${EPOCHS:-15}; batch=${BATCH:-64}
methods=(${METHODS:-vanilla mixup manifold cutmix augmix puzzlemix})
result=${RESULT:-eval/results/image-fashion-mnist}
[ -f datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || datasets/fetch-fashion-mnist.sh
source eval/jar-snapshot.sh
runs=${RUNS:-eval/runs/image-$arch}
mkdir -p "$runs" "$(dirname "$result")"
common=(--task image --data fashion-mnist --arch "$arch" --train-size "$train_size" --epochs "$epochs"
        --batch-size "$batch" ${EXTRA:-})
dirs=()
for seed in "${seeds[@]}"; do
  for method in "${methods[@]}"; do
    out=$runs/$method-seed$seed
    dirs+=("$out")
    if [ -f "$out/report.json" ]; then echo "$out: done"; continue; fi
    resume=(); [ -d "$out/state/last" ] && resume=(--resume)
    echo "java -jar target/mixkit.jar train --method $method --seed $seed ${common[*]} --out $out" >> "$runs/commands.txt"
    java -jar "$MIXKIT_JAR" train --method "$method" --seed "$seed" "${common[@]}" --out "$out" "${resume[@]}" 2> "$out.log" \
      || { echo "run $out failed, see $out.log" >&2; exit 1; }
    grep "test error" "$out.log" || true
  done
done
python3 eval/summarize-image.py --title "Fashion-MNIST, $arch, $( [ "$train_size" = 0 ] && echo 60000 || echo "$train_size") training images, $epochs epochs" \
  --command "${COMMAND:-eval/image-fashion-mnist.sh} ${seeds[*]}" --settings "${common[*]}" --commands "$runs/commands.txt" \
  --out "$result.md" "${dirs[@]}"
java -cp "$MIXKIT_JAR" io.mixkit.eval.ErrorChart "$result.png" \
  "Fashion-MNIST, $arch: test error and FGSM error (mean, 1 sd, ${#seeds[@]} seeds)" "${dirs[@]}"
