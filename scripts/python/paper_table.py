#!/usr/bin/env python3
"""Our GMRES(40) / GCRO-DR(40,20) bench results next to the SKR paper's Table 1.

usage: paper_table.py RESULT.json ...   (skr-gen bench --json files)

Each cell reads "time speed-up / iteration ratio", ours first, then the
paper's in parentheses (GMRES time / SKR time, GMRES its / SKR its).
"""
import json
import sys

PCS = ["none", "jacobi", "bjacobi", "sor", "asm", "icc", "ilu"]
# Wang et al., ICLR 2024, Table 1 (100 systems): (time speed-up, iteration ratio) per PC.
PAPER = {
    "darcy": ("Darcy (6400) 1e-8", [(2.70, 19.1), (3.09, 22.9), (4.00, 27.5), (3.54, 27.5), (4.53, 25.8), (4.11, 18.9), (3.70, 17.2)]),
    "thermal": ("Thermal (11063) 1e-11", [(5.47, 24.9), (2.93, 12.8), (3.05, 11.7), (2.62, 10.2), (3.14, 11.7), (3.08, 11.7), (3.01, 11.7)]),
    "poisson": ("Poisson (71313) 1e-11", [(1.90, 6.83), (1.91, 6.82), (1.19, 3.95), (1.33, 4.35), (2.12, 5.11), (1.42, 5.13), (1.38, 5.13)]),
    "helmholtz": ("Helmholtz (10000) 1e-7", [(6.47, 13.7), (7.96, 18.1), (11.3, 26.2), (10.6, 25.9), (13.9, 30.0), (6.72, 29.3), (6.34, 28.0)]),
}


def cell(rows, pc, paper):
    by_method = {r["method"]: r for r in rows if r["pc"] == pc}
    ours = "-"
    if "gmres" in by_method and "gcrodr" in by_method:
        g, s = by_method["gmres"], by_method["gcrodr"]
        speedup = g["mean_solve_seconds"] / s["mean_solve_seconds"]
        ratio = g["mean_iterations"] / s["mean_iterations"]
        failed = g["converged"] < g["samples"] or s["converged"] < s["samples"]
        ours = f"**{speedup:.2f}** / {ratio:.1f}" + (" (not all converged)" if failed else "")
    return f"{ours} ({paper[0]:.2f} / {paper[1]:.1f})"


def main(paths):
    print("| problem (n ours), tol | " + " | ".join(PCS) + " |")
    print("|---|" + "---|" * len(PCS))
    for path in paths:
        with open(path) as f:
            bench = json.load(f)
        family = bench["problem"]
        if family not in PAPER:
            continue
        label, paper = PAPER[family]
        rows = bench["rows"]
        # A PC the run skipped stays "-".
        cells = [cell(rows, pc, p) for pc, p in zip(PCS, paper)]
        print(f"| {label}, n = {bench.get('unknowns', '?')}, {bench['samples']} systems | " + " | ".join(cells) + " |")
    print("\nEach cell: our time speed-up / iteration ratio of GCRO-DR over GMRES(40), "
          "same PC, same run (the paper's in parentheses).")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
