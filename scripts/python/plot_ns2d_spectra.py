#!/usr/bin/env python3
"""Enstrophy over time and energy spectra of an skr-gen ns2d file.

usage: plot_ns2d_spectra.py FILE.h5 [--out ns2d_spectra.png] [--frames 0,10,-1]

Left: enstrophy Z(t) = 1/2 <w^2> (mean over the grid), the mean over
trajectories and its spread. Right: the kinetic energy spectrum
E(k) = sum over |k'| in [k - 1/2, k + 1/2) of 1/2 |w^(k')|^2 / (4 pi^2 |k'|^2)
(w^ normalised by the number of points) averaged over trajectories, at the
chosen frames, with a k^-3 line (the 2-D enstrophy-cascade slope) for scale.
Prints the same numbers. Exits 77 (skipped) without numpy, h5py or matplotlib.
"""
import argparse
import sys

try:
    import h5py
    import numpy as np
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:
    print(f"skipped: {e.name} is not installed")
    sys.exit(77)


def energy_spectrum(w):
    """Shell-summed kinetic energy spectrum of one n x n periodic vorticity field."""
    n = w.shape[-1]
    w_hat = np.fft.fft2(w) / (n * n)
    k = np.fft.fftfreq(n, d=1.0 / n)
    k2 = k[:, None] ** 2 + k[None, :] ** 2
    energy = 0.5 * np.abs(w_hat) ** 2 / np.where(k2 > 0, 4 * np.pi ** 2 * k2, np.inf)
    shells = np.rint(np.sqrt(k2)).astype(int)
    return np.bincount(shells.ravel(), weights=energy.ravel())[: n // 2 + 1]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file")
    p.add_argument("--out", default="ns2d_spectra.png")
    p.add_argument("--frames", default="0,1,-1", help="frame indices for the spectra (negative from the end)")
    a = p.parse_args()
    with h5py.File(a.file, "r") as f:
        if "outputs/vorticity" not in f:
            print(f"error: {a.file} has no /outputs/vorticity (not an ns2d file)")
            return 1
        w = f["outputs/vorticity"][...].astype(np.float64)  # [N, T, X, Y]
        t = f["grid/t"][...] if "grid/t" in f else np.arange(w.shape[1], dtype=float)
    finite = np.isfinite(w).all(axis=(1, 2, 3))
    w = w[finite]
    enstrophy = 0.5 * (w ** 2).mean(axis=(2, 3))  # [N, T]
    frames = sorted({int(s) % w.shape[1] for s in a.frames.split(",")})

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    mean = enstrophy.mean(axis=0)
    left.plot(t, mean, color="C0", label=f"mean of {w.shape[0]} trajectories")
    left.fill_between(t, enstrophy.min(axis=0), enstrophy.max(axis=0), color="C0", alpha=0.2, label="min-max")
    left.set_xlabel("t")
    left.set_ylabel("enstrophy  ½⟨w²⟩")
    left.legend()
    print("t enstrophy(mean over trajectories)")
    for ti, zi in zip(t, mean):
        print(f"{ti:g} {zi:.6g}")
    for j in frames:
        spectrum = np.mean([energy_spectrum(w[i, j]) for i in range(w.shape[0])], axis=0)
        k = np.arange(1, spectrum.size)
        right.loglog(k, spectrum[1:], label=f"t = {t[j]:g}")
        print(f"energy spectrum at t = {t[j]:g}, k = 1..{k[-1]}: " + " ".join(f"{v:.3e}" for v in spectrum[1:]))
    k = np.arange(2, spectrum.size)
    ref = spectrum[2] * (k / 2.0) ** -3.0
    right.loglog(k, ref, "k--", linewidth=0.8, label="k⁻³")
    right.set_xlabel("|k|")
    right.set_ylabel("E(k)")
    right.legend()
    fig.suptitle(a.file)
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
