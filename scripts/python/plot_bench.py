#!/usr/bin/env python3
"""Plot `skr-gen bench --json` output (matplotlib).

    skr-gen bench --problem darcy --pc none,jacobi,ilu --json bench.json
    python3 scripts/python/plot_bench.py bench.json --out figs/

Writes into DIR:
  speedup.png      per preconditioner (and rtol), the speed-up of each
                   recycling method against GMRES with the same PC and against
                   the fastest non-recycling baseline;
  convergence.png  the iterations of every sample along the sorted sequence,
                   one line per method, one panel per PC (and rtol).
Exits 2 when matplotlib is missing.
"""
import argparse
import json
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="file written by skr-gen bench --json")
    parser.add_argument("--out", required=True, help="output directory (created if missing)")
    args = parser.parse_args()
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot_bench.py: matplotlib is not installed (Debian: apt-get install "
              "python3-matplotlib); 'skr-gen bench' prints the same numbers as a table",
              file=sys.stderr)
        return 2
    try:
        with open(args.json) as f:
            bench = json.load(f)
        rows = bench["rows"]
    except (OSError, ValueError, KeyError) as e:
        print(f"plot_bench.py: cannot read '{args.json}': {e}", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    groups = {}  # (pc, rtol) -> rows
    for r in rows:
        groups.setdefault((r["pc"], r["rtol"]), []).append(r)
    keys = sorted(groups, key=lambda k: (k[1], k[0]))
    label = lambda k: f"{k[0]}" + (f"\nrtol {k[1]:g}" if len({k[1] for k in keys}) > 1 else "")

    # Speed-ups of the recycling methods.
    recyclers = sorted({r["method"] for r in rows if r["method"].startswith(("gcrodr", "rcg"))})
    fig, axes = plt.subplots(1, 2, figsize=(max(6, 1.6 * len(keys) * 2), 4), squeeze=False)
    width = 0.8 / max(1, len(recyclers))
    for a, (field, title) in enumerate((("speedup_vs_gmres", "vs GMRES (same PC)"),
                                        ("speedup_vs_best", "vs best non-recycling baseline"))):
        ax = axes[0][a]
        for m, method in enumerate(recyclers):
            values = [next((r[field] for r in groups[k] if r["method"] == method), 0) for k in keys]
            ax.bar([i + m * width for i in range(len(keys))], values, width, label=method)
        ax.axhline(1.0, color="black", linewidth=0.8)
        ax.set_xticks([i + width * (len(recyclers) - 1) / 2 for i in range(len(keys))])
        ax.set_xticklabels([label(k) for k in keys])
        ax.set_ylabel("speed-up (solve time)")
        ax.set_title(title)
        if recyclers:
            ax.legend(fontsize=8)
    fig.suptitle(f"{bench.get('problem', '')}: {bench.get('samples', '')} samples")
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "speedup.png"), dpi=100)

    # Convergence histories: iterations per sample along the sequence.
    fig, axes = plt.subplots(len(keys), 1, figsize=(8, 3 * len(keys)), squeeze=False)
    for i, k in enumerate(keys):
        ax = axes[i][0]
        for r in groups[k]:
            ax.plot(range(len(r["iterations"])), r["iterations"], label=r["method"], linewidth=1)
        ax.set_yscale("log")
        ax.set_xlabel("position in the sorted sequence")
        ax.set_ylabel("iterations")
        ax.set_title(f"pc {k[0]}, rtol {k[1]:g}")
        ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "convergence.png"), dpi=100)
    print(f"wrote {args.out}/speedup.png and {args.out}/convergence.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
