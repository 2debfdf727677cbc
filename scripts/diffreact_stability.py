#!/usr/bin/env python3
"""diffreact: the largest stable dt, explicit (IMEX) against linearised
implicit reaction (--reaction explicit | linearized), per time scheme.

For each reaction treatment, scheme and dt, generates a few PDEBench-style
trajectories (noise initial state) with skr-gen and reports whether they stay
bounded (max |u|, |v| <= 10; FitzHugh-Nagumo's attractor is within ~2) and
their relative L2 error at t-final against a reference run (cn, linearised,
the smallest dt of the list halved twice).

    python3 scripts/diffreact_stability.py build/skr-gen [--grid 32] [--t-final 2]

Slow-ish (a minute at 32^2): not run by CTest. Figures: docs/PERFORMANCE.md.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np


def run(skr_gen, out, reaction, scheme, dt, args):
    steps = round(args.t_final / dt)
    cmd = [skr_gen, "generate", "--problem", "diffreact", "--grid", str(args.grid),
           "--samples", str(args.samples), "--reaction", reaction, "--time-scheme", scheme,
           "--dt", repr(dt), "--t-final", repr(args.t_final), "--record-every", str(steps),
           "--solver", "cg", "--pc", "icc", "--sort", "none", "--precision", "double",
           "-q", "--out", out]
    if os.path.exists(out):
        os.remove(out)  # generate never overwrites
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "failed"
    with h5py.File(out, "r") as f:
        last = np.stack([f["outputs/u"][:, -1], f["outputs/v"][:, -1]], axis=1)
    return last, ""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("skr_gen")
    p.add_argument("--grid", type=int, default=32)
    p.add_argument("--samples", type=int, default=2)
    p.add_argument("--t-final", type=float, default=2.0)
    p.add_argument("--dts", default="0.005,0.01,0.02,0.04,0.05,0.1,0.2,0.25,0.5")
    args = p.parse_args()
    dts = [float(x) for x in args.dts.split(",")]
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "d.h5")
        ref, msg = run(args.skr_gen, out, "linearized", "cn", min(dts) / 4, args)
        if ref is None:
            sys.exit(f"reference run failed: {msg}")
        print(f"grid {args.grid}^2, t-final {args.t_final}, {args.samples} trajectories; "
              f"reference: cn linearized dt {min(dts) / 4}")
        print("| reaction | scheme | " + " | ".join(f"dt {dt:g}" for dt in dts) + " |")
        print("|---|---|" + "---|" * len(dts))
        for reaction in ("explicit", "linearized"):
            for scheme in ("be", "cn", "bdf2"):
                cells = []
                for dt in dts:
                    last, msg = run(args.skr_gen, out, reaction, scheme, dt, args)
                    if last is None:
                        cells.append("fails" if "converge" in msg or "NaN" in msg else msg[:40])
                    elif not np.all(np.isfinite(last)) or np.abs(last).max() > 10:
                        cells.append("blows up")
                    else:
                        err = np.linalg.norm(last - ref) / np.linalg.norm(ref)
                        cells.append(f"{err:.1e}")
                print(f"| {reaction} | {scheme} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
