"""Compares regenerated datasets with their golden files (tests/cli/test_golden.sh).

The grid, every input and meta/seed must be bit-identical (same names, dtype,
shape and bytes); every output must match within 1e-6 relative in the max norm
(max |new - golden| / max |golden|, NaN where the golden file has NaN).
Every family named must have a golden file. Prints one line per file; exits 1
naming each difference.
usage: compare_golden.py GOLDEN_DIR NEW_DIR "FAMILY ..." FILE...
"""
import sys

import h5py
import numpy as np

RTOL = 1e-6


def names(f, group):
    return sorted(f[group].keys()) if group in f else []


def exact(golden, new, path, problems):
    g, n = golden[path], new[path]
    if (g.dtype, g.shape) != (n.dtype, n.shape):
        problems.append(f"{path}: {n.dtype}{n.shape}, golden {g.dtype}{g.shape}")
    elif g[()].tobytes() != n[()].tobytes():
        differ = np.flatnonzero(g[()].view(np.uint8) != n[()].view(np.uint8))
        first = np.unravel_index(differ[0] // g.dtype.itemsize, g.shape)
        problems.append(f"{path}: not bit-identical (first at {tuple(map(int, first))}: "
                        f"{n[first]!r}, golden {g[first]!r})")


def close(golden, new, path, problems):
    g, n = golden[path][()].astype(float), new[path][()].astype(float)
    if g.shape != n.shape:
        problems.append(f"{path}: shape {n.shape}, golden {g.shape}")
        return None
    if not np.array_equal(np.isnan(g), np.isnan(n)):
        problems.append(f"{path}: NaN in other cells than the golden file's")
        return None
    scale = np.nanmax(np.abs(g)) or 1.0
    rel = np.nanmax(np.abs(n - g)) / scale
    if not rel <= RTOL:
        problems.append(f"{path}: differs by {rel:.2e} relative (max norm), more than {RTOL:g}")
    return rel


def compare(golden_path, new_path):
    """Differences between the two files, and the golden file's problem."""
    golden, new = h5py.File(golden_path, "r"), h5py.File(new_path, "r")
    problems = []
    if golden.attrs["problem"] != new.attrs["problem"]:
        problems.append(f"problem {new.attrs['problem']}, golden {golden.attrs['problem']}")
    worst = 0.0
    for group, check in (("grid", exact), ("inputs", exact), ("outputs", close)):
        if names(golden, group) != names(new, group):
            problems.append(f"{group}: {names(new, group)}, golden {names(golden, group)}")
            continue
        for name in names(golden, group):
            rel = check(golden, new, f"{group}/{name}", problems)
            worst = max(worst, rel or 0.0)
    exact(golden, new, "meta/seed", problems)
    label = golden_path.rsplit("/", 1)[-1]
    if not problems:
        print(f"ok: {label}: grid, {len(names(golden, 'inputs'))} inputs and seeds bit-identical, "
              f"outputs within {worst:.1e}")
    return [f"{label}: {p}" for p in problems], golden.attrs["problem"]


def main(golden_dir, new_dir, families, *files):
    problems, covered = [], set()
    for name in files:
        found, problem = compare(f"{golden_dir}/{name}", f"{new_dir}/{name}")
        problems += found
        covered.add(problem)
    problems += [f"family {f} has no golden dataset in data/golden.txt"
                 for f in families.split() if f not in covered]
    for p in problems:
        print(f"FAIL: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
