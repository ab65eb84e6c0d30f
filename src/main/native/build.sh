#!/usr/bin/env bash
# Rebuilds the shipped MKL dispatch library (see mkl_intel_path.c) into the resources MixKit loads it from.
set -euo pipefail
cd "$(dirname "$0")"
out=../resources/io/mixkit/native/linux-x86-64
mkdir -p "$out"
gcc -O2 -shared -fPIC -nostdlib -Wl,--build-id=none -Wl,-soname,libmixkit_mkl_intel_path.so \
    -o "$out/libmixkit_mkl_intel_path.so" mkl_intel_path.c
strip --strip-unneeded "$out/libmixkit_mkl_intel_path.so"
ls -l "$out/libmixkit_mkl_intel_path.so"
