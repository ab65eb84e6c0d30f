#!/usr/bin/env python3
"""How far two recordings of eval/identical-results.sh apart are, run by run: for a change that is meant to
alter only summation order (another matrix-product kernel, another batch order), the size of the difference
is the evidence. Compares every per-step loss and gradient norm, every validation line's loss and accuracy,
and the reports' metrics; writes OUT (markdown) with the command that made it.

    eval/identical-diff.py OLD_DIR NEW_DIR OUT.md "what changed"
"""
import json
import os
import sys


def load(d, run):
    with open(os.path.join(d, run + ".json")) as f:
        return json.load(f)


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-30)


def compare(old, new):
    """Per run: steps compared, largest relative change of a step's loss and grad norm, the step where the
    loss first moved by more than 1e-6 relative, and the report metrics before and after."""
    so = [m for m in old["metrics"] if m.get("type") == "step"]
    sn = [m for m in new["metrics"] if m.get("type") == "step"]
    worst_loss = max((rel(a["loss"], b["loss"]) for a, b in zip(so, sn)), default=0.0)
    worst_grad = max((rel(a["grad_norm"], b["grad_norm"]) for a, b in zip(so, sn) if "grad_norm" in a), default=0.0)
    first = next((a["step"] for a, b in zip(so, sn) if rel(a["loss"], b["loss"]) > 1e-6), None)
    return {"steps": min(len(so), len(sn)), "worst_loss": worst_loss, "worst_grad": worst_grad, "first": first,
            "accuracy": (old.get("accuracy"), new.get("accuracy")), "macro_f1": (old.get("macro_f1"), new.get("macro_f1")),
            "mean_loss": (old.get("mean_loss"), new.get("mean_loss"))}


def mlp(old, new):
    """The MLP loop's lines are 'name step loss ...' text: the largest relative change of any number in them."""
    worst = 0.0
    for a, b in zip(old, new):
        for x, y in zip(a.split(), b.split()):
            try:
                worst = max(worst, rel(float(x), float(y)))
            except ValueError:
                pass
    return worst


def fmt(pair):
    a, b = pair
    if a is None or b is None:
        return "-"
    return f"{a:.4f} → {b:.4f}"


def main():
    old_dir, new_dir, out, what = sys.argv[1:5]
    rows = []
    for run in ("quickstart", "puzzlemix", "ssmix", "mixtext"):
        c = compare(load(old_dir, run), load(new_dir, run))
        rows.append(f"| {run} | {c['steps']} | {c['worst_loss']:.2e} | {c['worst_grad']:.2e} | {c['first'] or 'none'} | "
                    f"{fmt(c['accuracy'])} | {fmt(c['macro_f1'])} | {fmt(c['mean_loss'])} |")
    worst_mlp = mlp(load(old_dir, "mlp"), load(new_dir, "mlp"))
    with open(out, "w") as f:
        f.write(f"# identical-results: {what}\n\n")
        f.write(f"Produced by `eval/identical-diff.py {old_dir} {new_dir} {out} \"{what}\"` from two recordings of "
                "`eval/identical-results.sh` (the same seeded runs).\n\n")
        f.write("| run | training steps | largest relative change of a step's loss | of a step's gradient norm | "
                "first step whose loss moved by > 1e-6 relative | test accuracy | macro-F1 | test mean loss |\n")
        f.write("|---|---|---|---|---|---|---|---|\n")
        f.write("\n".join(rows) + "\n\n")
        f.write(f"MLP loop (ERM and manifold mixup losses): largest relative change {worst_mlp:.2e}.\n")
    print(open(out).read())


if __name__ == "__main__":
    main()
