#!/usr/bin/env bash
# glibc's malloc thresholds: MixKit's (NativeHeap, the default) against glibc's own (MIXKIT_MALLOC=off), each
# method in processes of its own (one process that runs several shapes lets glibc's dynamic threshold climb
# to the largest, which hides the difference), alternating the two settings; training steps as in
# eval/bench-step.sh (MiniLM-L6, batch 16 x 128, fp32), with each process's system CPU time and minor page faults.
# Writes eval/results/malloc-thresholds.md. Run it alone on the machine.
# Usage: eval/bench-malloc.sh [processes per setting and method] [rounds] [steps per round]   (default 3 2 4)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}; rounds=${2:-2}; steps=${3:-4}
threads=${MIXKIT_THREADS:-$(nproc)}
work=eval/runs/malloc
mkdir -p "$work"
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
load_start=$(cat /proc/loadavg)
: > "$work/runs.tsv"
for r in $(seq "$reps"); do
  for method in erm mixtext:2; do
    for setting in off auto; do
      /usr/bin/time -f "%U %S %R" -o "$work/time.txt" env MIXKIT_MALLOC=$setting java -Dai.djl.offline=true \
        -Dai.djl.pytorch.num_threads="$threads" -cp "$cp" io.mixkit.eval.StepBenchmark "$rounds" "$steps" \
        "$work/step.md" "$method" > "$work/out.txt" 2>&1
      t=$(sed -n "s/^RESULT $method \([0-9.]*\)$/\1/p" "$work/out.txt")
      read -r user sys faults < "$work/time.txt"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$method" "$setting" "$t" "$user" "$sys" "$faults" | tee -a "$work/runs.tsv"
    done
  done
done
python3 - "$work/runs.tsv" "$reps" "$rounds" "$steps" "$threads" "$load_start" "$(cat /proc/loadavg)" <<'PY'
import sys, statistics, datetime
tsv, reps, rounds, steps, threads, load0, load1 = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(tsv)]
out = ["# glibc's malloc thresholds: MixKit's against glibc's defaults", "",
       f"Produced by `eval/bench-malloc.sh {reps} {rounds} {steps}` on {datetime.datetime.utcnow().isoformat()}Z.", "",
       f"MiniLM-L6, batch 16 x 128 tokens, fp32, {threads} intra-op threads; each process runs one method for {rounds} rounds "
       f"of {steps} steps (median step, `StepBenchmark`), {reps} processes per method and setting, the settings alternating. "
       "`auto`: `NativeHeap` sets M_MMAP_THRESHOLD 32 MiB and M_TRIM_THRESHOLD 1 GiB; `off`: glibc's defaults "
       "(`MIXKIT_MALLOC=off`). System CPU time and minor page faults are the whole process's (model load included), from `/usr/bin/time`.", "",
       "| method | setting | median step (s), each process | median of medians (s) | system CPU (s), each process | minor page faults, each process |",
       "|---|---|---|---|---|---|"]
med = {}
for method in dict.fromkeys(r[0] for r in rows):
    for setting in ("off", "auto"):
        sel = [r for r in rows if r[0] == method and r[1] == setting]
        ts = [float(r[2]) for r in sel]
        med[method, setting] = statistics.median(ts)
        out.append(f"| {method} | {setting} | {', '.join(f'{t:.3f}' for t in ts)} | {med[method, setting]:.3f} | "
                   f"{', '.join(r[4] for r in sel)} | {', '.join(r[5] for r in sel)} |")
out.append("")
for method in dict.fromkeys(r[0] for r in rows):
    out.append(f"- {method}: glibc's defaults / MixKit's = {med[method, 'off'] / med[method, 'auto']:.2f}x")
out += ["", f"/proc/loadavg at the start: `{load0}`; at the end: `{load1}`."]
text = "\n".join(out) + "\n"
open("eval/results/malloc-thresholds.md", "w").write(text)
print(text)
PY
