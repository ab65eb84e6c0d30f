#!/usr/bin/env bash
# Rebuilds the embedded image dataset datasets/fashion-mnist-small/: the first 2,000 training and the
# first 1,000 test images of Fashion-MNIST, as gzipped IDX files (what `mixkit train --task image`
# uses with no --data). Needs python3 and the full dataset (datasets/fetch-fashion-mnist.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
src=datasets/fashion-mnist
[ -f "$src/train-images-idx3-ubyte.gz" ] || datasets/fetch-fashion-mnist.sh "$src"
python3 - "$src" datasets/fashion-mnist-small <<'PY'
import gzip, os, struct, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for split, n in (("train", 2000), ("t10k", 1000)):
    img = gzip.open(f"{src}/{split}-images-idx3-ubyte.gz").read()
    lab = gzip.open(f"{src}/{split}-labels-idx1-ubyte.gz").read()
    _, _, rows, cols = struct.unpack(">IIII", img[:16])
    with gzip.GzipFile(f"{out}/{split}-images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, n, rows, cols) + img[16:16 + n * rows * cols])
    with gzip.GzipFile(f"{out}/{split}-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, n) + lab[8:8 + n])
PY
ls -l datasets/fashion-mnist-small
