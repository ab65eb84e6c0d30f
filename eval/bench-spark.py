#!/usr/bin/env python3
"""Throughput of the Spark corpus jobs against the single-process commands, side by side in one invocation.

    eval/bench-spark.py [--rows N] [--mlm-rows M] [--partitions 2,8,32]

On the first N unlabeled IMDB reviews (the training split's texts, labels dropped; datasets/fetch.sh): `predict`
with a MiniLM-L6 checkpoint (trained here in a minute on the embedded task, 128 tokens) and `augment --method
eda` on N texts, `augment --method mlm` (BERT-base, 256 tokens, K = 2) on M texts, each as

  - the single-process command (libtorch on all cores),
  - `mixkit spark` at local[1] with --threads-per-task = cores (one task slot),
  - `mixkit spark` at local[2] with --threads-per-task = cores / 2 (two task slots),
  - and, for predict, local[2] over several partition counts.

Every run is a fresh JVM timed wall-clock from start to exit, so rows/s include the JVM's start and the model's
load, as a user's run does; its peak resident memory (the JVM, which in local mode is also the executor) comes
from os.wait4. The augment runs use a fresh seed each, so that the single-process command's view cache never
answers. /proc/loadavg is recorded before each run: run this alone. Writes eval/results/spark-throughput.md.
Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.path.join(ROOT, "eval/runs/spark-bench")


def opens():
    pom = open(os.path.join(ROOT, "pom.xml"), encoding="utf-8").read()
    return pom.split("<spark.opens>")[1].split("</spark.opens>")[0].split()


def snapshot():
    """A private copy of the jar, its libraries and Spark's, so a rebuild cannot disturb the runs."""
    for need in ("target/mixkit.jar", "target/lib", "target/spark-lib"):
        if not os.path.exists(os.path.join(ROOT, need)):
            subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
            break
    snap = os.path.join(WORK, "jar")
    subprocess.run(["rm", "-rf", snap], check=True)
    os.makedirs(snap)
    for d in ("mixkit.jar", "lib", "spark-lib"):
        subprocess.run(["cp", "-r", os.path.join(ROOT, "target", d), snap], check=True)
    return snap


def run(cmd, stdin=None, stdout=None):
    """Runs cmd to its end; returns wall seconds, peak RSS in MiB, and the load average before it."""
    load = open("/proc/loadavg").read().split()[:3]
    t0 = time.monotonic()
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = open(os.path.join(WORK, "last-stderr.txt"), "wb")
    p = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=err, cwd=ROOT)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    for f in (fin, fout, err):
        if f is not subprocess.DEVNULL:
            f.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: " + " ".join(cmd) + "\n" + open(os.path.join(WORK, "last-stderr.txt")).read()[-3000:])
    return wall, usage.ru_maxrss / 1024, " ".join(load)


def count_lines(path):
    if os.path.isdir(path):
        return sum(count_lines(os.path.join(path, f)) for f in os.listdir(path) if f.startswith("part-"))
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--mlm-rows", type=int, default=10000)
    ap.add_argument("--partitions", default="2,8,32")
    a = ap.parse_args()
    cores = os.cpu_count()
    os.makedirs(WORK, exist_ok=True)
    snap = snapshot()
    java = ["java", "-Xmx6g", "-Dai.djl.offline=true"]
    single = java + ["-jar", os.path.join(snap, "mixkit.jar")]
    spark = java + opens() + ["-cp", os.path.join(snap, "mixkit.jar") + ":" + os.path.join(snap, "spark-lib/*"),
                              "io.mixkit.cli.MixKitCli", "spark"]

    source = os.path.join(ROOT, "datasets/imdb/train.jsonl")
    if not os.path.exists(source):
        sys.exit(source + ": missing; run datasets/fetch.sh")
    texts = []
    with open(source, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"].replace("\n", " "))
            if len(texts) == max(a.rows, a.mlm_rows):
                break
    def corpus(n):
        base = os.path.join(WORK, f"unlabeled-{n}")
        with open(base + ".jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps({"text": t}) + "\n" for t in texts[:n])
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.writelines(t + "\n" for t in texts[:n])
        return base
    big, small = corpus(a.rows), corpus(a.mlm_rows)

    ckpt = os.path.join(WORK, "minilm-run/checkpoint")
    if not os.path.isdir(ckpt):
        subprocess.run(["rm", "-rf", os.path.join(WORK, "minilm-run")], check=True)
        subprocess.run(single + ["train", "--method", "erm", "--max-steps", "20", "--max-length", "128",
                                 "--out", os.path.join(WORK, "minilm-run")], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    rows = []
    seed = [int(time.time())]  # fresh seeds on every invocation: the single-process view cache never answers

    def out_dir(name):
        d = os.path.join(WORK, "out", name)
        subprocess.run(["rm", "-rf", d], check=True)
        os.makedirs(os.path.dirname(d), exist_ok=True)
        return d

    def record(job, mode, n, partitions, threads, cmd, stdin=None, stdout=None, out=None):
        wall, rss, load = run(cmd, stdin, stdout)
        got = count_lines(out or stdout)
        if got != n:
            sys.exit(f"{job} {mode}: wrote {got} rows, expected {n}")
        rows.append(dict(job=job, mode=mode, rows=n, partitions=partitions, threads=threads, wall=wall,
                         rate=n / wall, rss=rss, load=load))
        print(f"{job:12s} {mode:16s} partitions {str(partitions):>3s} threads {threads}: {n} rows in {wall:7.1f} s = "
              f"{n / wall:7.2f} rows/s, peak RSS {rss:6.0f} MiB (load {load})", flush=True)

    def spark_job(job, sub, n, base, master, threads, partitions, extra):
        d = out_dir(f"{job}-{master}-{partitions}")
        record(job, f"spark {master}", n, partitions, threads,
               spark + [sub, "--in", base + ".jsonl", "--out", d, "--master", master, "--threads-per-task", str(threads),
                        "--partitions", str(partitions)] + extra, out=d)

    half = max(1, cores // 2)
    # predict
    d = out_dir("predict-single")
    record("predict", "single-process", a.rows, "-", cores,
           single + ["predict", "--checkpoint", ckpt], stdin=big + ".txt", stdout=d + ".jsonl")
    spark_job("predict", "predict", a.rows, big, "local[1]", cores, 2, ["--checkpoint", ckpt])
    for p in [int(x) for x in a.partitions.split(",")]:
        spark_job("predict", "predict", a.rows, big, "local[2]", half, p, ["--checkpoint", ckpt])
    # augment: eda (no model) and mlm (BERT-base)
    for method, n, base in (("eda", a.rows, big), ("mlm", a.mlm_rows, small)):
        seed[0] += 1
        d = out_dir(f"augment-{method}-single")
        record(f"augment {method}", "single-process", n, "-", cores,
               single + ["augment", "--method", method, "--k", "2", "--seed", str(seed[0]), "--in", base + ".jsonl",
                         "--out", d + ".jsonl"], stdout=None, out=d + ".jsonl")
        for master, threads in (("local[1]", cores), ("local[2]", half)):
            seed[0] += 1
            spark_job(f"augment {method}", "augment", n, base, master, threads, 2,
                      ["--method", method, "--k", "2", "--seed", str(seed[0])])

    by_job = {}
    for r in rows:
        if r["mode"] == "single-process":
            by_job[r["job"]] = r["rate"]
    cpu = ""
    try:
        cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")][0]
    except (OSError, IndexError):
        pass
    cmd = "eval/bench-spark.py " + " ".join(sys.argv[1:])
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(ROOT, "eval/results/spark-throughput.md"), "w", encoding="utf-8") as f:
        f.write("# Spark corpus jobs against the single-process commands\n\n")
        f.write(f"Produced by `{cmd}` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {cores} cores ({cpu}), "
                f"unlabeled IMDB reviews (the training split's texts). Each row is one fresh JVM, timed from start to exit "
                f"(JVM start and model load included); rows/s = rows / wall seconds; ratio = rows/s over the "
                f"single-process command's; peak RSS is the JVM's (in local mode it is the executor). predict: a MiniLM-L6 "
                f"checkpoint at 128 tokens, batch 32; augment mlm: BERT-base, 256 tokens, K = 2; augment eda: K = 2. "
                f"Load before = /proc/loadavg as the run starts (mostly the previous run's own load). Code: {commit}.\n\n")
        f.write("| job | mode | rows | partitions | threads per task | wall (s) | rows/s | ratio | peak RSS (MiB) | load before |\n")
        f.write("|---|---|---|---|---|---|---|---|---|---|\n")
        for r in rows:
            f.write(f"| {r['job']} | {r['mode']} | {r['rows']} | {r['partitions']} | {r['threads']} | {r['wall']:.1f} | "
                    f"{r['rate']:.2f} | {r['rate'] / by_job[r['job']]:.2f}x | {r['rss']:.0f} | {r['load']} |\n")
    print("wrote eval/results/spark-throughput.md")


if __name__ == "__main__":
    main()
