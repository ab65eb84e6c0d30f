#!/usr/bin/env bash
# Pictures of how each image method mixes (eval/results/mix-examples-METHOD.png): the embedded
# Fashion-MNIST images, seed 3, mixing weight 0.5 (so that both images show); PuzzleMix's saliency from a small ResNet that visualize trains for
# 2 epochs on the embedded images (pass CHECKPOINT=RUN_DIR to use a trained run instead).
# Usage: eval/mix-examples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/mixkit.jar ] || mvn -B -q package -DskipTests
ckpt=(); [ -n "${CHECKPOINT:-}" ] && ckpt=(--checkpoint "$CHECKPOINT")
java -jar target/mixkit.jar visualize --method puzzlemix --grid-sizes 8 --pairs 6 --seed 3 --lam 0.5 "${ckpt[@]}" \
  --out eval/results/mix-examples-puzzlemix.png
java -jar target/mixkit.jar visualize --method puzzlemix --grid-sizes 8 --pairs 6 --seed 3 --lam 0.5 --n-labels 2 "${ckpt[@]}" \
  --out eval/results/mix-examples-puzzlemix-2labels.png
for m in cutmix saliencymix mixup augmix; do
  lam=(--lam 0.5); [ "$m" = augmix ] && lam=()
  java -jar target/mixkit.jar visualize --method "$m" --pairs 4 --seed 3 "${lam[@]}" --out "eval/results/mix-examples-$m.png"
done
