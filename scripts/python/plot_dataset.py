#!/usr/bin/env python3
"""Plot the first samples of a native skr-gen dataset (matplotlib).

    python3 scripts/python/plot_dataset.py darcy.h5 --samples 4 --out darcy.png

One row per sample; columns are every input field, then every output field
(3-D fields: the middle z-slice), each panel with its own colour bar and NaN
cells in grey, like `skr-gen preview` (which needs no Python). Scalar inputs
are listed in the row titles. Exits 2 when matplotlib or h5py is missing.
"""
import argparse
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="native skr-gen HDF5 file")
    parser.add_argument("--samples", type=int, default=4, help="rows to plot (default 4)")
    parser.add_argument("--out", required=True, help="output image (png, pdf, svg)")
    args = parser.parse_args()
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import h5py
        import numpy as np
    except ImportError as e:
        print(f"plot_dataset.py: {e.name} is not installed (Debian: apt-get install "
              f"python3-{e.name}); 'skr-gen preview' renders the same figure without Python",
              file=sys.stderr)
        return 2
    try:
        f = h5py.File(args.file, "r")
    except OSError as e:
        print(f"plot_dataset.py: cannot open '{args.file}': {e}", file=sys.stderr)
        return 1
    with f:
        if f.attrs.get("format") not in ("skr-gen", b"skr-gen") or "inputs" not in f:
            print(f"plot_dataset.py: '{args.file}' is not a native skr-gen dataset", file=sys.stderr)
            return 1
        fields = [("inputs", n) for n in f["inputs"] if f["inputs"][n].ndim >= 3]
        fields += [("outputs", n) for n in f["outputs"] if f["outputs"][n].ndim >= 3]
        scalars = [n for n in f["inputs"] if f["inputs"][n].ndim == 1]
        rows = max(1, min(args.samples, f["inputs"][fields[0][1]].shape[0]))
        cmap = plt.get_cmap("viridis").copy()
        cmap.set_bad("grey")
        fig, axes = plt.subplots(rows, len(fields), figsize=(3.2 * len(fields), 2.8 * rows),
                                 squeeze=False, constrained_layout=True)
        for r in range(rows):
            for c, (group, name) in enumerate(fields):
                data = np.asarray(f[group][name][r], dtype=float)
                if data.ndim == 3:  # [nx, ny, nz]: middle z-slice
                    data = data[:, :, data.shape[2] // 2]
                ax = axes[r][c]
                image = ax.imshow(np.ma.masked_invalid(data.T), origin="lower", cmap=cmap)
                fig.colorbar(image, ax=ax, shrink=0.85)
                ax.set_xticks([])
                ax.set_yticks([])
                title = f"{group}/{name}" if r == 0 else ""
                if c == 0 and scalars:
                    values = ", ".join(f"{s}={f['inputs'][s][r]:.3g}" for s in scalars[:3])
                    title = (title + "\n" if title else "") + values
                if title:
                    ax.set_title(title, fontsize=8)
        fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}: {rows} samples x {len(fields)} fields")
    return 0


if __name__ == "__main__":
    sys.exit(main())
