#!/usr/bin/env python3
"""What a finished evaluation run did, from the files it left in eval/runs/acc/KEY/out: its confusion matrix and
per-class recall on the test set, and the mean of each logged training term (loss, its labeled and unlabeled
parts, MixText's guess confidence, the gradient norm) over each block of updates. For runs whose summary in
eval/results/PLAN/runs/ says how well, not why.

Usage: python3 eval/run-diagnostics.py OUT.md KEY [KEY ...]   (block size: $BLOCK, default 100 updates)
"""
import json
import os
import statistics
import sys


def describe(key, block):
    out = os.path.join("eval/runs/acc", key, "out")
    rep = json.load(open(os.path.join(out, "report.json")))
    steps = [json.loads(l) for l in open(os.path.join(out, "metrics.jsonl"))]
    steps = [s for s in steps if s.get("type") == "step"]
    lines = [f"## {key}: {rep['method']}, {rep['model']}, seed {rep['seed']}", "",
             f"Test accuracy {rep['accuracy']:.4f}, macro-F1 {rep['macro_f1']:.4f}, ECE {rep['ece']:.4f} on {rep['n']} examples; "
             f"{rep['training']['steps']} updates, best step {rep['training']['best_step']} "
             f"(0: no validation, the last model).", "",
             "| true class | support | recall | precision | predicted as |", "|---|---|---|---|---|"]
    labels = rep["labels"]
    for i, name in enumerate(labels):
        pc = rep["per_class"][name]
        row = ", ".join(f"{labels[j]} {n}" for j, n in enumerate(rep["confusion"][i]))
        lines.append(f"| {name} | {pc['support']} | {pc['recall']:.4f} | {pc['precision']:.4f} | {row} |")
    terms = [k for k in steps[0] if k not in ("type", "step", "epoch", "examples_per_s", "lr_factor")
             and isinstance(steps[0][k], (int, float))]
    lines += ["", f"Logged terms, mean over each {block} updates:", "",
              "| updates | " + " | ".join(terms) + " |", "|---|" + "---|" * len(terms)]
    for a in range(0, steps[-1]["step"], block):
        seg = [s for s in steps if a < s["step"] <= a + block]
        if seg:
            vals = [statistics.mean(s[t] for s in seg if t in s) for t in terms]
            lines.append(f"| {a + 1}-{a + len(seg)} | " + " | ".join(f"{v:.4f}" for v in vals) + " |")
    return "\n".join(lines)


def main():
    target, keys = sys.argv[1], sys.argv[2:]
    block = int(os.environ.get("BLOCK", "100"))
    text = ["# Run diagnostics", "",
            f"Made by `python3 eval/run-diagnostics.py {target} {' '.join(keys)}` from the runs' report.json and metrics.jsonl.", ""]
    text += [describe(k, block) + "\n" for k in keys]
    with open(target, "w") as f:
        f.write("\n".join(text))
    print("\n".join(text))


if __name__ == "__main__":
    main()
