#!/usr/bin/env python3
"""Resumable, accumulating evaluation: runs a plan's grid of `mixkit train` runs over several working
sessions and rebuilds its table from every finished run.

    eval/accumulate.py eval/plans/NAME.json run [--budget-minutes M] [--only TEXT]
    eval/accumulate.py eval/plans/NAME.json table

Each run is keyed by its full settings (dataset files, the plan's common arguments, the row's arguments,
the seed): key = the first 12 hex digits of the SHA-1 of those as JSON. A run works in eval/runs/acc/KEY/
(checkpoints, never committed). When it finishes, its summary (metrics, updates, the schedule it chose,
wall and CPU seconds, the command) is written to eval/results/NAME/runs/*.json: commit those. `run` skips
runs whose summary exists, resumes an interrupted run from its checkpoint (`--resume`), and starts the
rest in the plan's order; with --budget-minutes it starts no new run after that much time. `table`
writes eval/results/NAME.md: mean ± sd per dataset and row, CPU minutes per run, and the runs still
missing. CPU seconds are the child JVM's user + system time (os.wait4), summed over resumed segments.
The jar is target/mixkit.jar (built if missing), or $MIXKIT_BUILD/mixkit.jar with its lib/ beside it.
A test file named test-sample-N.jsonl is made, if missing, as a seeded stratified sample of N rows of the
test.jsonl beside it.

Plan (JSON): {"name", "title", "description", "seeds": [1, 2, 3],
  "datasets": {"r8": {"train": "datasets/r8/train.jsonl", "test": "datasets/r8/test.jsonl"},
               "default": {}},              # {} = the embedded dataset
  "common": ["--labels-per-class", "10"],   # every run
  "rows": [{"name": "erm", "args": ["--method", "erm"]}, ...],   # a row may have its own "seeds" and a "note"
  "datasets_of_row": optional {"row name": ["r8"]} to restrict a row}
A run whose arguments say `--precision bf16` is not started on a CPU without bf16 instructions (no amx_bf16,
avx512_bf16 or bf16 in /proc/cpuinfo), where libtorch emulates bf16 20-30 times slower than fp32 (an hour's
run would take most of a day), unless --allow-emulated-bf16 is given; it is listed as skipped. Each summary
records the CPU's model name and bf16 unit.
The key is the command line, not the code: when a default the plan relies on changes, spell it out in the
row's arguments (or start a new plan), or finished runs would be mixed with runs of other settings.
Standard library only.
"""
import argparse
import hashlib
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def jar():
    """A private copy of the jar (as eval/jar-snapshot.sh makes), one per invocation, so that neither a rebuild
    nor a second invocation can disturb a running evaluation."""
    base = os.path.join(ROOT, "eval/runs/.jar-acc")
    os.makedirs(base, exist_ok=True)
    for d in os.listdir(base):  # copies of invocations that have ended
        if d.isdigit() and not os.path.exists(f"/proc/{d}"):
            subprocess.run(["rm", "-rf", os.path.join(base, d)], check=True)
    build = os.environ.get("MIXKIT_BUILD", os.path.join(ROOT, "target"))  # a folder with mixkit.jar and lib/
    src = os.path.join(build, "mixkit.jar")
    if not os.path.exists(src):
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    snap = os.path.join(base, str(os.getpid()))
    os.makedirs(snap)
    subprocess.run(["cp", "-r", src, os.path.join(build, "lib"), snap], check=True)
    return os.path.join(snap, "mixkit.jar")


def sample_test(full, out, n):
    """A seeded stratified sample of n test rows (the same as eval/semi-supervised.sh's TEST_SAMPLE)."""
    import collections
    import random
    rows = [l for l in open(full, encoding="utf-8") if l.strip()]
    by = collections.defaultdict(list)
    for l in rows:
        by[json.loads(l)["label"]].append(l)
    rng = random.Random(42)
    picked = []
    for label in sorted(by):
        k = round(n * len(by[label]) / len(rows))
        picked += rng.sample(by[label], min(k, len(by[label])))
    rng.shuffle(picked)
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(picked)


def runs_of(plan):
    out = []
    for seed in sorted({x for row in plan["rows"] for x in row.get("seeds", plan["seeds"])}):
        for row in plan["rows"]:
            if seed not in row.get("seeds", plan["seeds"]):
                continue
            for ds, files in plan["datasets"].items():
                allowed = plan.get("datasets_of_row", {}).get(row["name"])
                if allowed is not None and ds not in allowed:
                    continue
                data = []
                if files.get("train"):
                    data += ["--train", files["train"], "--test", files["test"]]
                args = data + plan.get("common", []) + files.get("args", []) + row["args"] + ["--seed", str(seed)]
                key = hashlib.sha1(json.dumps(args).encode()).hexdigest()[:12]
                out.append({"dataset": ds, "row": row["name"], "seed": seed, "args": args, "key": key})
    return out


def summary_path(plan, r):
    return os.path.join(ROOT, "eval/results", plan["name"], "runs", f"{r['dataset']}-{r['row']}-seed{r['seed']}-{r['key']}.json")


def cpu_facts():
    """The CPU's model name and its bf16 instruction set (as io.mixkit.train.NativeBf16 reads them), or None."""
    try:
        text = open("/proc/cpuinfo", encoding="utf-8").read()
    except OSError:
        return {"model": None, "bf16": None}
    name = re.search(r"(?m)^model name\s*:\s*(.*)$", text)
    flags = re.search(r"(?m)^(?:flags|Features)\s*:(.*)$", text)
    have = set(flags.group(1).lower().split()) if flags else set()
    unit = next((u for u in ("amx_bf16", "avx512_bf16", "bf16") if u in have), None)
    return {"model": name.group(1).strip() if name else None, "bf16": unit}


def wants_bf16(r):
    args = r["args"]
    return any(a == "--precision" and i + 1 < len(args) and args[i + 1].lower() in ("bf16", "bfloat16")
               for i, a in enumerate(args))


def run_one(plan, r, jar_path):
    work = os.path.join(ROOT, "eval/runs/acc", r["key"])
    os.makedirs(work, exist_ok=True)
    report = os.path.join(work, "out", "report.json")
    cpu_file = os.path.join(work, "cpu.json")
    spent = json.load(open(cpu_file)) if os.path.exists(cpu_file) else {"cpu_seconds": 0.0, "wall_seconds": 0.0, "segments": 0}
    if not os.path.exists(report):
        resume = os.path.isdir(os.path.join(work, "out", "state"))
        cmd = ["java", "-jar", jar_path, "train"] + r["args"] + ["--out", os.path.join(work, "out")] + (["--resume"] if resume else [])
        print(f"[{r['key']}] {r['dataset']} {r['row']} seed {r['seed']}{' (resumed)' if resume else ''}", flush=True)
        t0 = time.time()
        spent.setdefault("load_at_start", []).append(round(os.getloadavg()[0], 2))
        with open(os.path.join(work, "log.txt"), "a", encoding="utf-8") as log:
            p = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=log)
            _, status, usage = os.wait4(p.pid, 0)
        spent["cpu_seconds"] += usage.ru_utime + usage.ru_stime
        spent["wall_seconds"] += time.time() - t0
        spent["segments"] += 1
        json.dump(spent, open(cpu_file, "w"))
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"[{r['key']}] failed (exit {os.waitstatus_to_exitcode(status)}); see {work}/log.txt", file=sys.stderr)
            return False
    rep = json.load(open(report, encoding="utf-8"))
    s = {"dataset": r["dataset"], "row": r["row"], "seed": r["seed"], "key": r["key"],
         "command": "java -jar target/mixkit.jar train " + " ".join(shlex.quote(a) for a in r["args"]) + " --out DIR",
         "accuracy": rep["accuracy"], "macro_f1": rep["macro_f1"], "ece": rep["ece"], "test_examples": rep["data"]["test_examples"],
         "train_examples": rep["data"]["train_examples"], "valid_examples": rep["data"]["valid_examples"],
         "updates": rep["training"]["steps"], "best_valid_accuracy": rep["training"].get("best_valid_accuracy"),
         "schedule": rep.get("schedule"), "method": rep["method"], "model": rep["model"], "precision": rep.get("precision"),
         "max_length": rep.get("max_length"), "cpu_seconds": round(spent["cpu_seconds"], 1),
         "wall_seconds": round(spent["wall_seconds"], 1), "segments": spent["segments"],
         "load_at_start": spent.get("load_at_start"),  # 1-minute load average when each segment started
         "cpu": cpu_facts(),
         "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    path = summary_path(plan, r)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(s, f, indent=1)
        f.write("\n")
    print(f"[{r['key']}] accuracy {s['accuracy']:.4f}, macro-F1 {s['macro_f1']:.4f}, {s['updates']} updates, "
          f"{s['cpu_seconds'] / 60:.1f} CPU min", flush=True)
    return True


def fmt(v):
    if not v:
        return "-"
    return f"{statistics.mean(v):.4f} ± {statistics.stdev(v):.4f}" if len(v) > 1 else f"{v[0]:.4f}"


def table(plan, plan_file):
    rs = runs_of(plan)
    done = {r["key"]: json.load(open(summary_path(plan, r))) for r in rs if os.path.exists(summary_path(plan, r))}
    out = [f"# {plan['title']}", "", plan.get("description", ""), "",
           f"Produced by `eval/accumulate.py {plan_file} run` (over as many sessions as it takes); "
           f"table by `eval/accumulate.py {plan_file} table` on {datetime.now(timezone.utc).date()}. "
           f"Runs finished: {len(done)} of {len(rs)}.", "",
           f"Common arguments: `{' '.join(plan.get('common', []))}`", ""]
    for ds in plan["datasets"]:
        out += [f"## {ds}", "", "| row | seeds | test accuracy | macro-F1 | ECE | updates | CPU min / run | test examples |",
                "|---|---|---|---|---|---|---|---|"]
        for row in plan["rows"]:
            mine = [done[r["key"]] for r in rs if r["dataset"] == ds and r["row"] == row["name"] and r["key"] in done]
            planned = [r for r in rs if r["dataset"] == ds and r["row"] == row["name"]]
            if not planned:
                continue
            acc = [m["accuracy"] for m in mine]
            f1 = [m["macro_f1"] for m in mine]
            ece = [m["ece"] for m in mine]
            upd = [m["updates"] for m in mine]
            cpu = [m["cpu_seconds"] / 60 for m in mine]
            out.append(f"| {row['name']} | {len(mine)}/{len(planned)} | {fmt(acc)} | {fmt(f1)} | "
                       f"{statistics.mean(ece):.4f} | {statistics.mean(upd):.0f} | {statistics.mean(cpu):.1f} | "
                       f"{mine[0]['test_examples']} |" if mine else
                       f"| {row['name']} | 0/{len(planned)} | - | - | - | - | - | - |")
        out.append("")
    out += ["Rows:", ""]
    for row in plan["rows"]:
        out.append(f"- **{row['name']}**: `{' '.join(row['args'])}`" + (f" — {row['note']}" if row.get("note") else ""))
    out.append("")
    missing = [r for r in rs if r["key"] not in done]
    if missing:
        out += ["Missing runs (`run` continues with these):", ""]
        out += [f"- {r['dataset']} {r['row']} seed {r['seed']} ({r['key']})" for r in missing]
        out.append("")
    out += ["Per run:", "", "| dataset | row | seed | accuracy | macro-F1 | updates | schedule | CPU min | key |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in rs:
        if r["key"] in done:
            m = done[r["key"]]
            sch = m.get("schedule") or {}
            sch_text = ", ".join(f"{k} {sch[k]}" for k in ("batch_size", "epochs", "eval_every", "patience_updates") if k in sch)
            out.append(f"| {m['dataset']} | {m['row']} | {m['seed']} | {m['accuracy']:.4f} | {m['macro_f1']:.4f} | "
                       f"{m['updates']} | {sch_text} | {m['cpu_seconds'] / 60:.1f} | {m['key']} |")
    path = os.path.join(ROOT, "eval/results", plan["name"] + ".md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(done)} of {len(rs)} runs)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("plan")
    ap.add_argument("action", choices=["run", "table"])
    ap.add_argument("--budget-minutes", type=float, default=0, help="start no new run after this many minutes (0 = no limit)")
    ap.add_argument("--only", default="", help="only runs whose dataset/row/seed text contains this")
    ap.add_argument("--allow-emulated-bf16", action="store_true",
                    help="start --precision bf16 runs on a CPU without bf16 instructions too (20-30x slower)")
    a = ap.parse_args()
    plan = json.load(open(a.plan, encoding="utf-8"))
    if a.action == "table":
        table(plan, a.plan)
        return
    for ds, files in plan["datasets"].items():
        if files.get("train") and not os.path.exists(os.path.join(ROOT, files["train"])):
            subprocess.run([os.path.join(ROOT, "datasets/fetch.sh"), ds], cwd=ROOT, check=True)
        m = re.fullmatch(r"(.*)/test-sample-(\d+)\.jsonl", files.get("test", ""))
        if m and not os.path.exists(os.path.join(ROOT, files["test"])):
            sample_test(os.path.join(ROOT, m.group(1), "test.jsonl"), os.path.join(ROOT, files["test"]), int(m.group(2)))
    jar_path = jar()
    start = time.time()
    failed = 0
    skipped = 0
    cpu = cpu_facts()
    print(f"CPU: {cpu['model']}, bf16 instructions: {cpu['bf16'] or 'none'}", flush=True)
    print(f"load at start: {open('/proc/loadavg').read().strip()}", flush=True)
    for r in runs_of(plan):
        if a.only and a.only not in f"{r['dataset']}/{r['row']}/seed{r['seed']}":
            continue
        if os.path.exists(summary_path(plan, r)):
            continue
        if a.budget_minutes and (time.time() - start) / 60 > a.budget_minutes:
            print("budget spent; run again to continue")
            break
        if wants_bf16(r) and not cpu["bf16"] and not a.allow_emulated_bf16:
            print(f"[{r['key']}] {r['dataset']} {r['row']} seed {r['seed']}: skipped, --precision bf16 on a CPU without bf16 "
                  "instructions would be emulated (20-30x slower); run it on a CPU with avx512_bf16 or amx_bf16, "
                  "or pass --allow-emulated-bf16", flush=True)
            skipped += 1
            continue
        if not run_one(plan, r, jar_path):
            failed += 1
    table(plan, a.plan)
    if skipped:
        print(f"{skipped} bf16 run(s) skipped on this CPU", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
