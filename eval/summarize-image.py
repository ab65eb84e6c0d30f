#!/usr/bin/env python3
"""Summarise MixKit image runs (their report.json) into a Markdown table: top-1 error and FGSM error,
mean and standard deviation per method over seeds. Standard library only."""
import argparse
import collections
import json
import os
import statistics


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs", nargs="+", help="run folders holding report.json")
    ap.add_argument("--title", required=True)
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
        err = 100 * (1 - r["accuracy"])
        fgsm = 100 * r["fgsm"]["error"] if "fgsm" in r else float("nan")
        by_method.setdefault(r["method"], []).append((err, fgsm))
        rows.append((r["method"], r["seed"], err, fgsm, r["training"]["steps"], r["training"]["seconds"]))

    def ms(v):
        return (statistics.mean(v), statistics.stdev(v) if len(v) > 1 else 0.0)

    out = [f"# {a.title}", "", f"Produced by `{a.command}`.", ""]
    if a.settings:
        out += [f"Settings shared by every run: `{a.settings}`.", ""]
    out += ["| method | seeds | top-1 error (%) | FGSM error (%) |", "|---|---|---|---|"]
    for m, v in by_method.items():
        e, es = ms([x[0] for x in v])
        f, fs = ms([x[1] for x in v])
        out.append(f"| {m} | {len(v)} | {e:.2f} ± {es:.2f} | {f:.2f} ± {fs:.2f} |")
    out += ["", "Per run:", "", "| method | seed | top-1 error (%) | FGSM error (%) | steps | seconds |", "|---|---|---|---|---|---|"]
    for m, s, e, f, steps, sec in rows:
        out.append(f"| {m} | {s} | {e:.2f} | {f:.2f} | {steps} | {sec:.0f} |")
    if a.commands and os.path.exists(a.commands):
        out += ["", "Commands of the individual runs:", "", "```"]
        with open(a.commands, encoding="utf-8") as f:
            seen = []
            for line in f:
                if line not in seen:
                    seen.append(line)
            out += [l.rstrip("\n") for l in seen]
        out += ["```"]
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out[: 6 + len(by_method) + 2]))


if __name__ == "__main__":
    main()
