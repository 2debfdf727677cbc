"""Writes a SYNTHETIC time-dependent native dataset, exactly per the layout of
/work/wt/TIME_SPEC.md (issue 24), with h5py: no solver ran, the numbers are
made up (a decaying smooth field shaped by a random coefficient). It lets the
consumers of the layout (reader, inspect, preview, convert, merge) be tested
on their own, without a time-dependent family.

  python3 make_synthetic_trajectories.py OUT.h5 [--samples N] [--grid G]
      [--steps S] [--record-every K] [--dt DT] [--failed I] [--seed B]
      [--shard i/K]

The file claims problem "darcy" (its inputs are darcy's: `coeff`), so that
the family's trainer channels apply; root attribute `synthetic` = 1 says what
it is. --failed I stores trajectory I as a failed one (NaN from frame 2 on,
stats/converged = 0)."""
import argparse
import datetime

import h5py
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--samples", type=int, default=4)
p.add_argument("--grid", type=int, default=16)
p.add_argument("--steps", type=int, default=10)
p.add_argument("--record-every", type=int, default=1)
p.add_argument("--dt", type=float, default=0.01)
p.add_argument("--failed", type=int, default=-1)
p.add_argument("--seed", type=int, default=11)
p.add_argument("--shard", default="")
a = p.parse_args()

n, g, steps, k = a.samples, a.grid, a.steps, a.record_every
assert steps % k == 0
frames = steps // k + 1
rng = np.random.default_rng(a.seed)
x = (np.arange(g) + 0.5) / g
t = np.arange(frames) * k * a.dt
seeds = np.array([(a.seed * 1000003 + i) * 2654435761 % 2**63 for i in range(n)], dtype=np.uint64)
index = np.arange(n)
if a.shard:  # shard i/K of a run of n*K samples: rows are samples i, i+K, ...
    i, shards = map(int, a.shard.split("/"))
    index = np.arange(i, n * shards, shards)
    seeds = np.array([(a.seed * 1000003 + s) * 2654435761 % 2**63 for s in index], dtype=np.uint64)

coeff = np.exp(rng.standard_normal((n, g, g)) * 0.5).astype(np.float32)
X, Y = np.meshgrid(x, x, indexing="ij")
base = np.sin(np.pi * X) * np.sin(np.pi * Y)
u = np.empty((n, frames, g, g), dtype=np.float32)
for s in range(n):
    for f in range(frames):
        u[s, f] = base * np.exp(-(1 + coeff[s].mean()) * t[f]) * (1 + 0.1 * s) + 0.01 * coeff[s] * f
step_iterations = rng.integers(3, 20, size=(n, steps)).astype(np.int32)
step_residual = rng.uniform(1e-10, 1e-9, size=(n, steps))
step_seconds = rng.uniform(1e-4, 1e-3, size=(n, steps))
converged = np.ones(n, dtype=np.uint8)
if 0 <= a.failed < n:
    u[a.failed, 2:] = np.nan
    converged[a.failed] = 0

with h5py.File(a.out, "w") as f:
    config = f"problem = darcy\ngrid = {g}\ncoeff = lognormal\nsamples = {n}\ndt = {a.dt}\n" \
             f"t-final = {steps * a.dt}\nrecord-every = {k}\ntime-scheme = be\n"
    attrs = {"format": "skr-gen", "format_version": np.int64(1), "generator_version": "synthetic",
             "git_commit": "none", "problem": "darcy", "config": config,
             "base_seed": np.uint64(a.seed), "created": datetime.datetime.utcnow().isoformat() + "Z",
             "samples_total": np.int64(n), "samples_done": np.int64(n), "precision": "float",
             "rtol": 1e-8, "complete": np.int64(1), "synthetic": np.int64(1),
             "time_dependent": np.int64(1), "time_scheme": "be", "dt": a.dt,
             "t_final": steps * a.dt, "steps": np.int64(steps), "record_every": np.int64(k),
             "frames": np.int64(frames)}
    if a.shard:
        attrs["shard"] = a.shard
    for key, value in attrs.items():
        f.attrs[key] = value
    f["grid/x"] = x
    f["grid/y"] = x
    f["grid/t"] = t
    gz = dict(compression="gzip", compression_opts=4, shuffle=True)
    f.create_dataset("inputs/coeff", data=coeff, chunks=(1, g, g), **gz)
    f.create_dataset("outputs/solution", data=u, chunks=(1, 1, g, g), **gz)
    f["meta/seed"] = seeds
    f["meta/solve_position"] = np.arange(n, dtype=np.int64)
    if a.shard:
        f["meta/index"] = index.astype(np.uint64)
    f["stats/iterations"] = step_iterations.sum(1).astype(np.int32)
    f["stats/rel_residual"] = step_residual.max(1)
    f["stats/solve_seconds"] = step_seconds.sum(1)
    f["stats/converged"] = converged
    f["stats/reason"] = np.where(converged == 1, 2, -3).astype(np.int32)
    f["stats/fallback"] = np.zeros(n, dtype=np.int8)
    f["stats/steps/iterations"] = step_iterations
    f["stats/steps/rel_residual"] = step_residual
    f["stats/steps/solve_seconds"] = step_seconds
print(f"wrote {a.out}: {n} synthetic trajectories of {frames} frames on {g}x{g}")
