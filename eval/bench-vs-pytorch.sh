#!/usr/bin/env bash
# MixKit next to a plain PyTorch eager peer of the same architecture (eval/pytorch_peer.py, Debian's
# python3-torch), in one invocation: training steps (ERM, TMix, MixText K=2; MixKit in fp32 and with
# --precision bf16), inference, and the matmul limits (fp32, and bf16 through MixKit's module) that the
# GFLOP/s are compared with. MiniLM-L6 shape, batch 16 x 128 tokens, 2 threads. Writes eval/results/vs-pytorch.md.
# Needs: apt-get install python3-torch libopenblas0-openmp. Run it alone on the machine.
# Usage: eval/bench-vs-pytorch.sh [rounds] [steps per round]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
steps=${2:-6}
threads=${MIXKIT_THREADS:-$(nproc)}
export MIXKIT_THREADS=$threads OMP_NUM_THREADS=$threads
py=/usr/bin/python3
work=eval/runs/vs-pytorch
mkdir -p "$work"
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench.classpath)"
jv() { java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -cp "$cp" "$@"; }
load_start=$(cat /proc/loadavg)
# OpenBLAS's core type decides the peer's speed: probe a few, keep the fastest
best=""; bestg=0
for core in "" SAPPHIRERAPIDS COOPERLAKE SKYLAKEX HASWELL ZEN; do
  g=$(OPENBLAS_CORETYPE=$core $py eval/pytorch_peer.py sgemm 2048 | $py -c 'import json,sys; print(json.load(sys.stdin)["gflops"])')
  echo "peer sgemm 2048^3, OPENBLAS_CORETYPE=${core:-(default)}: $g GFLOP/s"
  if $py -c "import sys; sys.exit(0 if $g > $bestg else 1)"; then best=$core; bestg=$g; fi
done
echo "peer uses OPENBLAS_CORETYPE=${best:-(default)}"
# glibc's malloc thresholds: MixKit fixes them in-process (NativeHeap); the peer gets the same through
# GLIBC_TUNABLES if that makes its ERM step faster (a short probe of each)
tunables="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
t_def=$(OPENBLAS_CORETYPE=$best $py eval/pytorch_peer.py erm 16 128 3 1 | $py -c 'import json,sys; print(json.load(sys.stdin)["median_s"])')
t_tun=$(GLIBC_TUNABLES=$tunables OPENBLAS_CORETYPE=$best $py eval/pytorch_peer.py erm 16 128 3 1 | $py -c 'import json,sys; print(json.load(sys.stdin)["median_s"])')
echo "peer ERM step with glibc's default malloc thresholds: $t_def s; with MixKit's: $t_tun s"
peer_env=()
if $py -c "import sys; sys.exit(0 if $t_tun < $t_def else 1)"; then peer_env=("GLIBC_TUNABLES=$tunables"); fi
echo "peer runs with ${peer_env[*]:-the default malloc thresholds}"
jv io.mixkit.eval.MatmulProbe 2048 | tee "$work/matmul.json"
# MKL's generic path (MIXKIT_MKL=off, what MixKit used before MklDispatch) for the fp32 limit and ERM step
MIXKIT_MKL=off jv io.mixkit.eval.MatmulProbe 2048 | tee "$work/matmul-generic.json"
MIXKIT_MKL=off jv io.mixkit.eval.StepBenchmark "$rounds" "$steps" "$work/step-time-generic.md" erm | tee "$work/mixkit-steps-generic.txt"
# glibc's default malloc thresholds (MIXKIT_MALLOC=off, what MixKit used before NativeHeap)
MIXKIT_MALLOC=off jv io.mixkit.eval.StepBenchmark "$rounds" "$steps" "$work/step-time-glibc.md" erm mixtext:2 | tee "$work/mixkit-steps-glibc.txt"
jv -Dmixkit.command="eval/bench-vs-pytorch.sh $rounds $steps" io.mixkit.eval.StepBenchmark "$rounds" "$steps" \
  "$work/step-time.md" erm tmix mixtext:2 erm@bf16 tmix@bf16 mixtext:2@bf16 | tee "$work/mixkit-steps.txt"
jv io.mixkit.eval.InferenceBenchmark "$rounds" 10 "$work/inference.md" | tee "$work/mixkit-inference.txt"
: > "$work/peer.jsonl"
for mode in erm tmix mixtext:2 inference; do
  env "${peer_env[@]}" OPENBLAS_CORETYPE=$best $py eval/pytorch_peer.py "$mode" 16 128 "$steps" "$rounds" | tee -a "$work/peer.jsonl"
done
$py - "$work" "${best:-(default)}" "$bestg" "$load_start" "$(cat /proc/loadavg)" "$threads" "$rounds" "$steps" "$t_def" "$t_tun" "${peer_env[*]:-}" <<'PY'
import json, re, sys, datetime
work, core, peer_gemm, load0, load1, threads, rounds, steps, t_def, t_tun, peer_env = sys.argv[1:]
mm = json.load(open(f"{work}/matmul.json"))
mm_generic = json.load(open(f"{work}/matmul-generic.json"))
mk = {}
for f, tag in (("mixkit-steps.txt", ""), ("mixkit-steps-generic.txt", "@generic"), ("mixkit-steps-glibc.txt", "@glibc")):
    for l in open(f"{work}/{f}"):
        if l.startswith("RESULT "):
            _, name, t = l.split()
            mk[name + tag] = float(t)
inf = open(f"{work}/mixkit-inference.txt").read()
m = re.search(r"round \d+: .*", inf)
rows = re.findall(r"MixKit \(DJL/libtorch\) ([\d.]+) seq/s, bf16 ([\d.]+) seq/s, ONNX Runtime ([\d.]+)", inf)
med = lambda xs: sorted(xs)[len(xs) // 2]
inf_fp32 = med([float(r[0]) for r in rows]); inf_bf16 = med([float(r[1]) for r in rows]); ort = med([float(r[2]) for r in rows])
peer = {j["mode"]: j for j in map(json.loads, open(f"{work}/peer.jsonl"))}
# FLOPs of one MiniLM-L6 sequence of 128 tokens, forward: per token and layer 3*2*H^2 (QKV) + 2*H^2 (output)
# + 2*2*H*F (FFN) + 2*2*T*H (attention), H=384, F=1536, T=128; training = 3x forward
H, F, T, L = 384, 1536, 128, 6
fwd = L * T * (3 * 2 * H * H + 2 * H * H + 2 * 2 * H * F + 2 * 2 * T * H)
flops = {"erm": 16 * 3 * fwd, "tmix": 16 * 3 * fwd, "mixtext:2": 40 * 3 * fwd + 24 * fwd}
out = [f"# MixKit next to plain PyTorch eager\n",
       f"Produced by `eval/bench-vs-pytorch.sh {rounds} {steps}` on {datetime.datetime.utcnow().isoformat()}Z.\n",
       f"MiniLM-L6 shape, batch 16 x 128 tokens, {threads} threads (`-Dai.djl.pytorch.num_threads`, `torch.set_num_threads`, "
       f"`OMP_NUM_THREADS`). Peer: `eval/pytorch_peer.py`, PyTorch {peer['erm']['torch']} from Debian, fp32, "
       f"`OPENBLAS_CORETYPE={core}` (the fastest of those probed, sgemm {float(peer_gemm):.0f} GFLOP/s). "
       f"MixKit: DJL 0.36 / libtorch 2.7.1. Medians of {rounds} rounds of {steps} steps.\n",
       f"Matrix-product limits through MixKit (2048^3): fp32 **{mm['fp32_gflops']:.0f}** GFLOP/s, bf16 **{mm['bf16_gflops']:.0f}** GFLOP/s. "
       f"MKL's kernels: {mm['mkl_branch']} (`MklDispatch`: {mm['mkl_dispatch']}); on MKL's generic path (`MIXKIT_MKL=off`, "
       f"branch {mm_generic['mkl_branch']}) fp32 {mm_generic['fp32_gflops']:.0f} GFLOP/s, and an fp32 ERM step "
       f"{mk['erm@generic']:.3f} s ({mk['erm@generic'] / mk['erm']:.2f}x this table's). The peer's OpenBLAS sgemm: {float(peer_gemm):.0f} GFLOP/s.\n",
       f"glibc's malloc thresholds: MixKit fixes them in-process (`NativeHeap`); with glibc's defaults (`MIXKIT_MALLOC=off`) "
       f"an fp32 ERM step took {mk['erm@glibc']:.3f} s ({mk['erm@glibc'] / mk['erm']:.2f}x this table's) and MixText K=2 "
       f"{mk['mixtext:2@glibc']:.3f} s ({mk['mixtext:2@glibc'] / mk['mixtext:2']:.2f}x). The peer's ERM step in a 3-step probe: "
       f"{float(t_def):.3f} s with glibc's defaults, {float(t_tun):.3f} s with the same thresholds (`GLIBC_TUNABLES`); "
       f"the peer ran {'with them' if peer_env.startswith('GLIBC') else 'with the defaults'}, the faster.\n",
       "| step | PyTorch eager fp32 (s) | MixKit fp32 (s) | ratio | MixKit bf16 (s) | ratio | MixKit fp32 GFLOP/s (of fp32 limit) | MixKit bf16 GFLOP/s (of bf16 limit) |",
       "|---|---|---|---|---|---|---|---|"]
for name in ("erm", "tmix", "mixtext:2"):
    p = peer[name]["median_s"]; a = mk[name]; b = mk[name + "@bf16"]
    ga = flops[name] / a / 1e9; gb = flops[name] / b / 1e9
    out.append(f"| {name} | {p:.3f} | {a:.3f} | {p / a:.2f}x | {b:.3f} | {p / b:.2f}x | {ga:.0f} ({100 * ga / mm['fp32_gflops']:.0f}%) | {gb:.0f} ({100 * gb / mm['bf16_gflops']:.0f}%) |")
pi = 16 / peer["inference"]["median_s"]
out += ["", "| inference, sequences/s | PyTorch eager fp32 | ONNX Runtime 1.20 | MixKit fp32 | MixKit bf16 |", "|---|---|---|---|---|",
        f"| batch 16 x 128 | {pi:.1f} | {ort:.1f} | {inf_fp32:.1f} ({inf_fp32 / ort:.2f}x ORT) | {inf_bf16:.1f} ({inf_bf16 / ort:.2f}x ORT) |", "",
        f"Ratios are PyTorch time / MixKit time (above 1: MixKit faster). TMix / ERM: fp32 {mk['tmix'] / mk['erm']:.3f}, bf16 {mk['tmix@bf16'] / mk['erm@bf16']:.3f}; "
        f"MixText K=2 / ERM: fp32 {mk['mixtext:2'] / mk['erm']:.2f}, bf16 {mk['mixtext:2@bf16'] / mk['erm@bf16']:.2f}, against a FLOP ratio of "
        f"{flops['mixtext:2'] / flops['erm']:.2f} (40 training rows and 24 guessing rows against 16).",
        f"/proc/loadavg at the start: `{load0}`; at the end: `{load1}`."]
text = "\n".join(out) + "\n"
open("eval/results/vs-pytorch.md", "w").write(text)
print(text)
PY
