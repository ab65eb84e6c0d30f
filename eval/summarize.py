#!/usr/bin/env python3
"""Summarise MixKit runs (their report.json) into a Markdown table: mean and standard deviation per
method over seeds, next to the majority-class accuracy of the test set. Standard library only."""
import argparse
import collections
import json
import os
import statistics
import sys


def labels_of(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["label"] for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+", help="run folders holding report.json")
    ap.add_argument("--title", required=True)
    ap.add_argument("--test", required=True, help="test file (jsonl), for the majority-class floor")
    ap.add_argument("--train")
    ap.add_argument("--command", required=True)
    ap.add_argument("--settings", default="")
    ap.add_argument("--commands", help="file listing the per-run commands")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    by_method = collections.OrderedDict()
    rows = []
    for run in a.runs:
        with open(os.path.join(run, "report.json"), encoding="utf-8") as f:
            r = json.load(f)
        by_method.setdefault(r["method"], []).append(r)
        rows.append((r["method"], r["seed"], r["accuracy"], r["macro_f1"], r["ece"],
                     r["training"]["best_valid_accuracy"], r["training"]["steps"], r["training"]["seconds"]))
    test_labels = labels_of(a.test)
    majority = collections.Counter(test_labels).most_common(1)[0]
    floor = majority[1] / len(test_labels)

    out = [f"# {a.title}", "",
           f"Produced by `{a.command}`; the per-run commands are listed at the end.", "",
           f"Common settings: `{a.settings}`", "",
           f"Test set: {len(test_labels)} documents; majority class '{majority[0]}' = **{floor:.4f}** accuracy.", "",
           "| method | seeds | test accuracy (mean ± sd) | macro-F1 (mean ± sd) | ECE (mean) |",
           "|---|---|---|---|---|"]
    for m, rs in by_method.items():
        acc = [r["accuracy"] for r in rs]
        f1 = [r["macro_f1"] for r in rs]
        ece = [r["ece"] for r in rs]
        sd = lambda v: statistics.stdev(v) if len(v) > 1 else 0.0
        out.append(f"| {m} | {len(rs)} | {statistics.mean(acc):.4f} ± {sd(acc):.4f} | "
                   f"{statistics.mean(f1):.4f} ± {sd(f1):.4f} | {statistics.mean(ece):.4f} |")
    out += ["", "Per run:", "", "| method | seed | test accuracy | macro-F1 | ECE | best valid accuracy | steps | seconds |",
            "|---|---|---|---|---|---|---|---|"]
    for m, s, acc, f1, ece, va, steps, secs in sorted(rows):
        out.append(f"| {m} | {s} | {acc:.4f} | {f1:.4f} | {ece:.4f} | {va:.4f} | {steps} | {secs:.0f} |")
    if a.commands and os.path.exists(a.commands):
        with open(a.commands, encoding="utf-8") as f:
            cmds = [c.strip() for c in f if c.strip()]
        out += ["", "Commands:", "", "```"] + cmds + ["```"]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
