#!/usr/bin/env bash
# Fresh same-seed 3-step text runs under GC stress (a thread calling System.gc() every 5 ms, ParallelGC):
# the recipe that exposed the intermittent NaN. Each stressed run's per-step losses are compared bit for
# bit with an unstressed run of the same method; a run that stops, or whose losses differ, is counted.
# Methods alternate erm and tmix (MiniLM, 160 embedded training rows, --max-length 32 --batch-size 16).
# Writes eval/results/gc-stress.md. Takes about 5 s a run on 2 cores.
# Usage: eval/gc-stress.sh [runs]   (default 100)
# Environment: CLASSES (a folder of compiled MixKit classes to test instead of this checkout's, e.g. an
# older commit's, for a before/after count), LABEL (the name of that code in the results file).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
label=${LABEL:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo "+changes")}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/gc-stress.classpath -Dmdep.includeScope=test
snap=eval/runs/gc-stress/.classes
rm -rf "$snap" && mkdir -p "$snap"
cp -r target/test-classes "$snap/test-classes"
if [ -n "${CLASSES:-}" ]; then cp -r "$CLASSES" "$snap/classes"; else cp -r target/classes "$snap/classes"; fi
cp="$snap/test-classes:$snap/classes:$(cat target/gc-stress.classpath)"
work=eval/runs/gc-stress
mkdir -p "$work"
head -161 datasets/default/train.csv > "$work/train.csv"
head -101 datasets/default/test.csv > "$work/test.csv"
common=(train --train "$work/train.csv" --test "$work/test.csv" --preset quickstart --max-steps 3
        --max-length 32 --batch-size 16 --seed 42)
losses() { # the per-step losses of a run, one line
  python3 -c 'import json,sys; print(" ".join(repr(json.loads(l)["loss"]) for l in open(sys.argv[1]) if json.loads(l)["type"]=="step"))' "$1/metrics.jsonl" 2>/dev/null || echo "none"
}
declare -A ref
for m in erm tmix; do
  rm -rf "$work/ref-$m"
  java -Xmx2g -Dai.djl.pytorch.num_threads=2 -cp "$cp" io.mixkit.cli.MixKitCli "${common[@]}" --method "$m" --out "$work/ref-$m" \
    > "$work/ref-$m.log" 2>&1 || { echo "the unstressed $m run failed: see $work/ref-$m.log"; exit 1; }
  ref[$m]=$(losses "$work/ref-$m")
  echo "reference $m: ${ref[$m]}"
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out="$work/runs.tsv"
: > "$out"
for i in $(seq 1 "$runs"); do
  m=$([ $((i % 2)) -eq 1 ] && echo erm || echo tmix)
  dir="$work/run-$i"
  rm -rf "$dir"
  set +e
  java -XX:+UseParallelGC -Xmx2g -Dai.djl.pytorch.num_threads=2 -cp "$cp" io.mixkit.eval.GcStressCli \
    "${common[@]}" --method "$m" --out "$dir" > "$dir.log" 2>&1
  code=$?
  set -e
  l=$(losses "$dir")
  if [ $code -ne 0 ]; then verdict=stopped; elif [ "$l" == "${ref[$m]}" ]; then verdict=identical; else verdict=divergent; fi
  err=$(grep -m1 'mixkit: error' "$dir.log" | cut -c1-160 || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$m" "$verdict" "$l" "$err" >> "$out"
  echo "run $i $m: $verdict"
  rm -rf "$dir/checkpoint" "$dir/state" # 90 MB each; the losses are in metrics.jsonl
done
python3 - "$out" "$label" "$runs" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "${ref[erm]}" "${ref[tmix]}" <<'PY'
import sys, collections, datetime
path, label, runs, load0, load1, ref_erm, ref_tmix = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(path)]
count = collections.Counter((r[1], r[2]) for r in rows)
res = "eval/results/gc-stress.md"
try:
    old = open(res).read().split("\n## ")[1:]
except FileNotFoundError:
    old = []
sections = [s for s in old if not s.startswith(label + " ")]
body = [f"{label} ({datetime.date.today()}, {runs} runs, load average {load0} before and {load1} after)\n",
        "| method | runs | identical to the unstressed run | divergent losses | stopped (NaN or error) |",
        "|---|---|---|---|---|"]
for m in ("erm", "tmix"):
    n = sum(1 for r in rows if r[1] == m)
    body.append(f"| {m} | {n} | {count[(m, 'identical')]} | {count[(m, 'divergent')]} | {count[(m, 'stopped')]} |")
errs = collections.Counter(r[4] for r in rows if r[2] == "stopped" and len(r) > 4 and r[4])
if errs:
    body.append("\nMessages of the stopped runs:\n")
    body += [f"- {n} x `{e}`" for e, n in errs.most_common(5)]
body.append(f"\nUnstressed losses of steps 1-3: erm `{ref_erm}`, tmix `{ref_tmix}`.")
sections.append("\n".join(body) + "\n")
head = ("# Fresh 3-step text runs under GC stress\n\n"
        "Made by `eval/gc-stress.sh` (a thread calls `System.gc()` every 5 ms, `-XX:+UseParallelGC`; MiniLM, "
        "160 embedded training rows, `--max-length 32 --batch-size 16 --seed 42`, erm and tmix alternating). "
        "A run is divergent when any of its per-step losses differs, bit for bit, from an unstressed run of the "
        "same method and seed. One section per code version tested (`LABEL=... CLASSES=... eval/gc-stress.sh N` "
        "for an older commit's classes).\n")
open(res, "w").write(head + "".join("\n## " + s for s in sections))
print(open(res).read())
PY
