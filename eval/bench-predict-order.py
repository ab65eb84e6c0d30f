#!/usr/bin/env python3
"""`predict` and `embed` on real texts with their length sorting (the default, --sort-window 32: each window of 32
batches runs longest first) against batches in input order (--sort-window 1), side by side in one invocation.

    eval/bench-predict-order.py [--texts N] [--rounds R]

The first N test texts of R8 and of IMDB (datasets/fetch.sh), one per line (line breaks inside a text become
spaces); `predict` with a MiniLM-L6 checkpoint at 128 tokens (trained here in a minute on the embedded task, or
the one eval/bench-spark.py made), `embed` with MiniLM-L6 at 256 tokens; batch 32. Each run is a fresh JVM timed
from start to exit; the two orders alternate within each round and the median of R rounds is reported, with the
outputs checked equal (the same lines in the same order, numbers within 1e-4). /proc/loadavg is recorded:
run this alone. Writes eval/results/predict-order.md. Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.path.join(ROOT, "eval/runs/predict-order")


def snapshot():
    if not os.path.exists(os.path.join(ROOT, "target/mixkit.jar")):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    snap = os.path.join(WORK, "jar")
    subprocess.run(["rm", "-rf", snap], check=True)
    os.makedirs(snap)
    subprocess.run(["cp", "-r", os.path.join(ROOT, "target/mixkit.jar"), os.path.join(ROOT, "target/lib"), snap], check=True)
    return os.path.join(snap, "mixkit.jar")


def timed(cmd, stdin, stdout):
    t0 = time.monotonic()
    with open(stdin, "rb") as fin, open(stdout, "wb") as fout:
        p = subprocess.run(cmd, stdin=fin, stdout=fout, stderr=subprocess.PIPE, cwd=ROOT)
    if p.returncode != 0:
        sys.exit("failed: " + " ".join(cmd) + "\n" + p.stderr.decode()[-2000:])
    return time.monotonic() - t0


def same(a, b):
    """The same rows in the same order; numbers within 1e-4 (batches of other lengths pad differently)."""
    la, lb = open(a, encoding="utf-8").read().splitlines(), open(b, encoding="utf-8").read().splitlines()
    if len(la) != len(lb):
        return False
    worst = 0.0
    for x, y in zip(la, lb):
        jx, jy = json.loads(x), json.loads(y)
        if jx["text"] != jy["text"]:
            return False
        if "embedding" in jx:
            worst = max(worst, max(abs(u - v) for u, v in zip(jx["embedding"], jy["embedding"])))
        else:
            worst = max(worst, max(abs(jx["probabilities"][k] - jy["probabilities"][k]) for k in jx["probabilities"]))
    return worst < 1e-4


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    jar = snapshot()
    java = ["java", "-Xmx6g", "-Dai.djl.offline=true", "-jar", jar]
    ckpt = os.path.join(ROOT, "eval/runs/spark-bench/minilm-run/checkpoint")
    if not os.path.isdir(ckpt):
        ckpt = os.path.join(WORK, "minilm-run/checkpoint")
        if not os.path.isdir(ckpt):
            subprocess.run(["rm", "-rf", os.path.join(WORK, "minilm-run")], check=True)
            subprocess.run(java + ["train", "--method", "erm", "--max-steps", "20", "--max-length", "128", "--out",
                                   os.path.join(WORK, "minilm-run")], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    for name in ("r8", "imdb"):
        src = os.path.join(ROOT, f"datasets/{name}/test.jsonl")
        if not os.path.exists(src):
            sys.exit(src + ": missing; run datasets/fetch.sh " + name)
        texts = []
        with open(src, encoding="utf-8") as f:
            for line in f:
                texts.append(" ".join(json.loads(line)["text"].split()))
                if len(texts) == a.texts:
                    break
        inp = os.path.join(WORK, f"{name}.txt")
        with open(inp, "w", encoding="utf-8") as f:
            f.writelines(t + "\n" for t in texts)
        mean_words = statistics.mean(len(t.split()) for t in texts)
        for job, args in (("predict", ["predict", "--checkpoint", ckpt]), ("embed", ["embed", "--max-length", "256"])):
            walls = {1: [], 32: []}
            load = open("/proc/loadavg").read().split()[:3]
            for _ in range(a.rounds):
                for w in (1, 32):
                    walls[w].append(timed(java + args + ["--sort-window", str(w)], inp,
                                          os.path.join(WORK, f"{name}-{job}-{w}.jsonl")))
            if not same(os.path.join(WORK, f"{name}-{job}-1.jsonl"), os.path.join(WORK, f"{name}-{job}-32.jsonl")):
                sys.exit(f"{name} {job}: the two orders gave different outputs")
            m1, m32 = statistics.median(walls[1]), statistics.median(walls[32])
            rows.append((name, job, len(texts), mean_words, m1, m32, load))
            print(f"{name} {job}: input order {len(texts) / m1:.1f} texts/s, sorted {len(texts) / m32:.1f} texts/s, "
                  f"{m1 / m32:.2f}x (load {' '.join(load)})", flush=True)
    cmd = "eval/bench-predict-order.py " + " ".join(sys.argv[1:])
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(ROOT, "eval/results/predict-order.md"), "w", encoding="utf-8") as f:
        f.write("# predict and embed: length-sorted windows against input order\n\n")
        f.write(f"Produced by `{cmd}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores. "
                f"The first {a.texts} test texts of each data set, one per line; predict: MiniLM-L6 checkpoint, 128 tokens; "
                f"embed: MiniLM-L6, 256 tokens; batch 32. Texts/s = texts / wall seconds of a fresh JVM (start and model "
                f"load included, the same in both columns), median of {a.rounds} rounds, the two orders alternating. "
                f"Both orders wrote the same lines in the same order (numbers within 1e-4). Code: {commit}.\n\n")
        f.write("| data | command | texts | mean words | texts/s, input order (--sort-window 1) | texts/s, sorted (default 32) | speed-up | load before |\n")
        f.write("|---|---|---|---|---|---|---|---|\n")
        for name, job, n, words, m1, m32, load in rows:
            f.write(f"| {name} | {job} | {n} | {words:.0f} | {n / m1:.1f} | {n / m32:.1f} | {m1 / m32:.2f}x | {' '.join(load)} |\n")
    print("wrote eval/results/predict-order.md")


if __name__ == "__main__":
    main()
