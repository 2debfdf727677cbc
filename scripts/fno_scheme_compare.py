#!/usr/bin/env python3
"""How far our fno_darcy preset's numbers are from FNO's own discretisation.

FNO's Darcy data (their data_generation/darcy/solve_gwf.m, written here from
its description as a scipy oracle): the coefficient drawn on K x K cell
centres is interpolated by not-a-knot cubic splines (MATLAB interp2
'spline') to K x K vertices on [0, 1] (boundary included); a 5-point finite
difference system with arithmetic-mean face coefficients, f = 1 and u = 0 on
the boundary vertices is solved; the solution is interpolated back to the
cell centres by splines. Our preset solves the cell-centred finite-volume
system with harmonic-mean faces (src/discretize/diffusion_fv.cpp) directly.

    skr-gen generate --preset fno_darcy --samples 4 --solver direct --out fno421.h5
    python3 scripts/fno_scheme_compare.py fno421.h5 [samples]

The oracle is importable (tests/cli/test_fno_scheme.sh checks skr-gen's
`--scheme fno-vertex` against it): fno_darcy(a, source) returns FNO's
solution at the cell centres for a coefficient a on nx x ny cells.

Prints, per sample: the relative L2 and max differences between the two
schemes at the cell centres, and each scheme's discretisation error estimate
(against a solve with h/2 on the same coefficient function: FV on the
piecewise-constant coefficient with every cell split in 2 x 2; FNO's scheme
on 2K - 1 vertices of the same spline). Slow (sparse direct solves at 842^2):
not run by CTest. Figures: docs/FNO_SCHEME.md.
"""
import sys

import h5py
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.interpolate import CubicSpline


def spline2(values, x_from, x_to, y_from=None, y_to=None):
    """Tensor-product not-a-knot cubic spline, extrapolating at the ends
    (axis 0 from x_from to x_to, axis 1 from y_from to y_to; y = x if unset)."""
    y_from = x_from if y_from is None else y_from
    y_to = x_to if y_to is None else y_to
    v = CubicSpline(x_from, values, axis=0, bc_type="not-a-knot")(x_to)
    return CubicSpline(y_from, v, axis=1, bc_type="not-a-knot")(y_to)


def laplacian_1d_pairs(n):
    return np.arange(n - 1), np.arange(1, n)


def fv_harmonic(a, f=1.0):
    """Cell-centred FV on [0,1]^2, harmonic-mean faces, u = 0 on the boundary
    (Dirichlet face h/2 from the centre: coefficient 2 a / h^2)."""
    n = a.shape[0]
    h = 1.0 / n
    idx = np.arange(n * n).reshape(n, n)
    rows, cols, vals = [], [], []
    diag = np.zeros((n, n))
    for axis in (0, 1):
        lo = [slice(None)] * 2
        hi = [slice(None)] * 2
        lo[axis], hi[axis] = slice(0, n - 1), slice(1, n)
        a1, a2 = a[tuple(lo)], a[tuple(hi)]
        t = 2 * a1 * a2 / (a1 + a2) / h**2
        i1, i2 = idx[tuple(lo)].ravel(), idx[tuple(hi)].ravel()
        rows += [i1, i2]
        cols += [i2, i1]
        vals += [-t.ravel(), -t.ravel()]
        diag[tuple(lo)] += t
        diag[tuple(hi)] += t
        for end in (0, n - 1):  # boundary faces
            s = [slice(None)] * 2
            s[axis] = end
            diag[tuple(s)] += 2 * a[tuple(s)] / h**2
    rows.append(idx.ravel())
    cols.append(idx.ravel())
    vals.append(diag.ravel())
    A = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n * n, n * n))
    return spla.spsolve(A, np.full(n * n, f)).reshape(n, n)


def fd_vertex(av, f=1.0):
    """FNO's scheme on a K x L vertex grid (boundary included, u = 0 there):
    5-point FD, arithmetic-mean face coefficients, h = 1 / (K - 1) along
    axis 0 and 1 / (L - 1) along axis 1; f a constant or vertex values."""
    shape = av.shape
    inner = (shape[0] - 2, shape[1] - 2)
    m = inner[0] * inner[1]
    idx = -np.ones(shape, dtype=np.int64)
    idx[1:-1, 1:-1] = np.arange(m).reshape(inner)
    rows, cols, vals = [], [], []
    diag = np.zeros(shape)
    for axis in (0, 1):
        k = shape[axis]
        h = 1.0 / (k - 1)
        lo = [slice(None)] * 2
        hi = [slice(None)] * 2
        lo[axis], hi[axis] = slice(0, k - 1), slice(1, k)
        t = (av[tuple(lo)] + av[tuple(hi)]) / 2 / h**2
        diag[tuple(lo)] += t
        diag[tuple(hi)] += t
        i1, i2 = idx[tuple(lo)].ravel(), idx[tuple(hi)].ravel()
        both = (i1 >= 0) & (i2 >= 0)
        rows += [i1[both], i2[both]]
        cols += [i2[both], i1[both]]
        vals += [-t.ravel()[both], -t.ravel()[both]]
    interior = idx >= 0
    rows.append(idx[interior])
    cols.append(idx[interior])
    vals.append(diag[interior])
    A = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(m, m))
    rhs = np.broadcast_to(np.asarray(f, dtype=np.float64), shape)[1:-1, 1:-1].ravel()
    u = np.zeros(shape)
    u[1:-1, 1:-1] = spla.spsolve(A, rhs).reshape(inner)
    return u


def fno_scheme(a, vertices):
    """solve_gwf: spline the centre coefficient to `vertices` vertices, solve,
    spline the vertex solution back to the K centres."""
    k = a.shape[0]
    centres = (np.arange(k) + 0.5) / k
    xv = np.linspace(0, 1, vertices)
    uv = fd_vertex(spline2(a, centres, xv))
    return uv, spline2(uv, xv, centres)


def fno_darcy(a, source=1.0):
    """FNO's solution at the cell centres of an nx x ny coefficient a (as many
    vertices as cells per axis); source: a constant or cell-centre values,
    splined to the vertices as solve_gwf.m splines F."""
    cx, cy = ((np.arange(n) + 0.5) / n for n in a.shape)
    vx, vy = (np.linspace(0, 1, n) for n in a.shape)
    f = source if np.isscalar(source) else spline2(np.asarray(source), cx, vx, cy, vy)
    uv = fd_vertex(spline2(a, cx, vx, cy, vy), f)
    return spline2(uv, vx, cx, vy, cy)


def rel(d, ref):
    return np.linalg.norm(d) / np.linalg.norm(ref)


def main():
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with h5py.File(path, "r") as f:
        coeff = f["inputs/coeff"][:count].astype(np.float64)
        ours = f["outputs/solution"][:count].astype(np.float64)
    k = coeff.shape[1]
    print(f"K = {k}, {count} samples")
    print("sample | FV(py)-file | schemes rel L2, max/max|u| | FV err rel L2 | FNO err rel L2")
    table = []
    for s in range(count):
        a = coeff[s]
        fv = fv_harmonic(a)
        check = rel(fv - ours[s], fv)  # the Python FV is the preset's scheme
        uv, fno = fno_scheme(a, k)
        diff_l2 = rel(fno - fv, fv)
        diff_max = np.abs(fno - fv).max() / np.abs(fv).max()
        fine = fv_harmonic(np.kron(a, np.ones((2, 2))))
        fv_err = rel(fv - fine.reshape(k, 2, k, 2).mean(axis=(1, 3)), fv)
        uv_fine, _ = fno_scheme(a, 2 * k - 1)
        fno_err = rel(uv - uv_fine[::2, ::2], uv)
        table.append((check, diff_l2, diff_max, fv_err, fno_err))
        print(f"{s} | {check:.1e} | {diff_l2:.3e}, {diff_max:.3e} | {fv_err:.3e} | {fno_err:.3e}", flush=True)
    t = np.array(table)
    print("mean  | {:.1e} | {:.3e}, {:.3e} | {:.3e} | {:.3e}".format(*t.mean(axis=0)))
    print("max   | {:.1e} | {:.3e}, {:.3e} | {:.3e} | {:.3e}".format(*t.max(axis=0)))


if __name__ == "__main__":
    main()
