#!/usr/bin/env bash
# Fetch Fashion-MNIST (Xiao et al. 2017, MIT licence) from the Debian package dataset-fashion-mnist
# (31 MB) and place its four IDX files in OUT_DIR (default datasets/fashion-mnist), where
# `mixkit train --task image --data fashion-mnist` finds them.
# Usage: datasets/fetch-fashion-mnist.sh [OUT_DIR]
# Needs: apt-get (the package is downloaded, not installed; no root needed for the download).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-datasets/fashion-mnist}
cache=${MIXKIT_CACHE:-$HOME/.cache/mixkit}/datasets/raw/dataset-fashion-mnist
if ! ls "$cache"/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz >/dev/null 2>&1; then
  mkdir -p "$cache"
  (cd "$cache" && apt-get download dataset-fashion-mnist) || {
    echo "apt-get download failed; run 'apt-get update' first (as root) and retry" >&2; exit 1; }
  dpkg -x "$cache"/dataset-fashion-mnist_*.deb "$cache"
fi
mkdir -p "$out"
cp "$cache"/usr/share/datasets/fashion-mnist/*-ubyte.gz "$out"/
ls -l "$out"
