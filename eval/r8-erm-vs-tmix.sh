#!/usr/bin/env bash
# Reuters R8, the MixText protocol at 10 labeled examples per class, MiniLM-L6: ERM vs TMix over
# 3 seeds (issue 3's check). The same runs, settings and run folders as eval/semi-supervised.sh,
# which adds MixText and IMDB. Writes eval/results/r8-10-per-class.md and .png.
# Usage: eval/r8-erm-vs-tmix.sh [SEEDS...]      (default: 1 2 3; about 8 minutes a run on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND=eval/r8-erm-vs-tmix.sh METHODS="erm tmix" DATASETS=r8 RESULT=r8-10-per-class exec eval/semi-supervised.sh "$@"
