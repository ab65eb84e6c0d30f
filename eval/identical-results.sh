#!/usr/bin/env bash
# The identical-results check for refactorings (issue 10): four short seeded runs whose numbers a change
# of structure must not move. `record` writes them to eval/results/identical-results/; `check` (the
# default) runs them again and compares, bit for bit, every per-step loss, every validation line and the
# reports' metrics; exit code 1 and a diff when anything differs.
#   quickstart: train --preset quickstart --max-steps 40 (TMix, MiniLM, embedded sentences)
#   puzzlemix:  train --task image --method puzzlemix --preset image-quick --max-steps 20
#   mixtext:    train --method mixtext --labels-per-class 10 --valid-per-class 20 --augment eda --k 1 --epochs 5 --max-steps 10
#               --batch-size 16 --eval-every 0 --patience 0 (the schedule as it was before the few-label rule chose it)
#   ssmix:      train --method ssmix --preset quickstart --max-steps 10 (its saliency pass)
#   mlp:        the MLP loop test's ERM and manifold-mixup losses (io.mixkit.train.LoopLosses)
# A few minutes on 2 cores (run it alone: two libtorch processes slow each other down many times). The
# recorded numbers are this machine kind's (2-core AMD EPYC with AVX-512, libtorch 2.7.1 CPU, MKL's AVX-512 kernels): on another CPU record them first, before the refactoring, or use `against`.
# `against REF` needs no recording: it builds REF (a commit, branch or tag) in a temporary worktree, runs the
# same runs there and here on this machine, and compares the two bit for bit (for a machine whose libtorch rounds
# differently from the recording's: there `check` differs in the last digits even for unchanged code).
# Usage: eval/identical-results.sh [check|record|against REF]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-check}
here=$(pwd)
# runs CHECKOUT WORK: builds the checkout and writes the runs' outputs under WORK (absolute)
runs() {
  local checkout=$1 work=$2
  ( cd "$checkout"
    mvn -B -q package -DskipTests
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/identical.classpath -Dmdep.includeScope=test
    cp="target/test-classes:target/classes:$(cat target/identical.classpath)"
    rm -rf "$work" && mkdir -p "$work"
    mix() { java -Dai.djl.pytorch.num_threads=2 -cp "$cp" io.mixkit.cli.MixKitCli "$@" > "$work/$name.log" 2>&1 \
              || { echo "$name failed: see $work/$name.log"; exit 1; }; }
    name=quickstart; mix train --preset quickstart --max-steps 40 --out "$work/quickstart"
    name=puzzlemix; mix train --task image --method puzzlemix --preset image-quick --max-steps 20 --out "$work/puzzlemix"
    name=ssmix; mix train --method ssmix --preset quickstart --max-steps 10 --out "$work/ssmix"
    name=mixtext; mix train --method mixtext --labels-per-class 10 --valid-per-class 20 --augment eda --k 1 --epochs 5 \
      --max-steps 10 --batch-size 16 --eval-every 0 --patience 0 --out "$work/mixtext"
    java -Dai.djl.pytorch.num_threads=2 -cp "$cp" io.mixkit.train.LoopLosses > "$work/mlp.txt" )
}
# compare WORK MODE WANT: MODE record writes WORK's numbers to WANT; check compares them with WANT's
compare() {
python3 - "$@" <<'PY'
import json, os, sys
work, mode, want = sys.argv[1:]
def numbers(run):
    rep = json.load(open(os.path.join(work, run, "report.json")))
    keep = {k: rep.get(k) for k in ("accuracy", "macro_f1", "ece", "mean_loss", "confusion")}
    t = rep.get("training", {})
    keep["training"] = {k: t.get(k) for k in ("steps", "best_step", "best_valid_accuracy", "skipped_non_finite_steps")}
    if "fgsm" in rep:
        keep["fgsm"] = rep["fgsm"]
    lines = []
    for l in open(os.path.join(work, run, "metrics.jsonl")):
        n = json.loads(l)
        lines.append({k: v for k, v in n.items() if k not in ("examples_per_s",)})
    keep["metrics"] = lines
    return keep
got = {r: numbers(r) for r in ("quickstart", "puzzlemix", "ssmix", "mixtext")}
got["mlp"] = open(os.path.join(work, "mlp.txt")).read().split("\n")
if mode == "record":
    os.makedirs(want, exist_ok=True)
    for k, v in got.items():
        json.dump(v, open(os.path.join(want, k + ".json"), "w"), indent=1, sort_keys=True)
    print("recorded", ", ".join(got), "in", want)
    sys.exit(0)
bad = 0
for k, v in got.items():
    old = json.load(open(os.path.join(want, k + ".json")))
    if old == v:
        print(f"{k}: identical")
        continue
    bad += 1
    a, b = json.dumps(old, indent=1, sort_keys=True).split("\n"), json.dumps(v, indent=1, sort_keys=True).split("\n")
    diff = [f"  line {i}: recorded {x.strip()} / now {y.strip()}" for i, (x, y) in enumerate(zip(a, b)) if x != y]
    print(f"{k}: DIFFERS ({len(diff)} lines)"); print("\n".join(diff[:10]))
sys.exit(1 if bad else 0)
PY
}
work=$here/eval/runs/identical
if [ "$mode" = against ]; then
  ref=${2:?usage: eval/identical-results.sh against REF (a commit, branch or tag)}
  old=$(mktemp -d)/ref
  git worktree add -q --detach "$old" "$ref"
  trap 'git worktree remove --force "$old"' EXIT
  echo "runs at $ref ($(git rev-parse --short "$ref")) and at the working tree, on this machine"
  runs "$old" "$here/eval/runs/identical-ref"
  compare "$here/eval/runs/identical-ref" record "$here/eval/runs/identical-ref/numbers"
  runs "$here" "$work"
  compare "$work" check "$here/eval/runs/identical-ref/numbers"
else
  runs "$here" "$work"
  compare "$work" "$mode" eval/results/identical-results
fi
