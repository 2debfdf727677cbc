#!/usr/bin/env python3
"""FNO's Navier-Stokes data generator as a numpy reference for skr-gen's ns2d.

Written from the published description of FNO's ns_2d.py / random_fields.py
(vorticity form on the periodic unit square, pseudo-spectral, forward Euler on
u.grad w, Crank-Nicolson on nu Laplace w, 2/3-rule de-aliasing of u.grad w,
forcing 0.1 (sin 2pi(x+y) + cos 2pi(x+y)), GRF initial vorticity), not from
their code. Double precision throughout.

usage:
  ns2d_reference.py compare FILE.h5 [--tolerance 1e-6] [--t-max 1]
      Re-runs every trajectory of an skr-gen ns2d file (written with --precision double,
      solve grid = stored grid) from its frame 0 with the file's dt and
      viscosity (its config attribute, or --viscosity), and checks each recorded frame up to t-max against ours:
      max over frames of ||ours - reference||_2 / ||reference||_2 <= tolerance.
      Exit 0 when it agrees, 1 when not, 77 without numpy / h5py.
  ns2d_reference.py demo [--n 64] [--steps 100]
      Draws FNO's GRF, advances it and prints the vorticity's norms.
"""
import argparse
import math
import sys

try:
    import numpy as np
except ImportError:  # the CLI test skips (77) on machines without numpy
    print("skipped: numpy is not installed")
    sys.exit(77)


def fno_grf(n, rng, alpha=2.5, tau=7.0):
    """FNO's initial vorticity: complex normal coefficients on the full grid
    times sqrt(2) sigma (4 pi^2 |k|^2 + tau^2)^(-alpha/2), sigma = tau^(alpha - 1),
    mean mode 0, real part of the inverse FFT (the n^2 factor of FNO's
    coefficients cancels the 1/n^2 of the inverse FFT)."""
    k = np.fft.fftfreq(n, d=1.0 / n)
    k2 = k[:, None] ** 2 + k[None, :] ** 2
    sigma = tau ** (alpha - 1.0)
    scale = n * n * math.sqrt(2.0) * sigma * (4 * math.pi ** 2 * k2 + tau ** 2) ** (-alpha / 2)
    scale[0, 0] = 0.0
    coefficients = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))) * scale
    return np.fft.ifft2(coefficients).real


class FnoVorticitySolver:
    """One step: w^ <- (-dt F^ + dt f^ + (1 - dt nu lap / 2) w^) / (1 + dt nu lap / 2),
    F = u . grad w from the current w, de-aliased; lap = 4 pi^2 |k|^2."""

    def __init__(self, n, viscosity, dt, forcing=True):
        self.n, self.dt = n, dt
        kx = np.fft.fftfreq(n, d=1.0 / n)[:, None]  # full axis: 0..n/2-1, -n/2..-1
        ky = np.arange(n // 2 + 1, dtype=float)[None, :]  # real-to-complex axis
        self.kx = np.broadcast_to(kx, (n, n // 2 + 1))
        self.ky = np.broadcast_to(ky, (n, n // 2 + 1))
        lap = 4 * math.pi ** 2 * (self.kx ** 2 + self.ky ** 2)
        self.psi_lap = lap.copy()
        self.psi_lap[0, 0] = 1.0  # psi's mean is irrelevant: its derivatives are 0
        c = 0.5 * dt * viscosity * lap
        self.implicit, self.explicit = 1.0 + c, 1.0 - c
        kmax = n // 2
        self.dealias = ((np.abs(self.kx) <= 2.0 / 3.0 * kmax) & (np.abs(self.ky) <= 2.0 / 3.0 * kmax)).astype(float)
        x = np.arange(n) / n
        X, Y = np.meshgrid(x, x, indexing="ij")
        f = 0.1 * (np.sin(2 * math.pi * (X + Y)) + np.cos(2 * math.pi * (X + Y))) if forcing else 0 * X
        self.f_hat = np.fft.rfft2(f)

    def inverse(self, spectrum):
        return np.fft.irfft2(spectrum, s=(self.n, self.n))

    def step(self, w_hat):
        two_pi_i = 2j * math.pi
        psi_hat = w_hat / self.psi_lap
        u = self.inverse(two_pi_i * self.ky * psi_hat)  # psi_y
        v = self.inverse(-two_pi_i * self.kx * psi_hat)  # -psi_x
        w_x = self.inverse(two_pi_i * self.kx * w_hat)
        w_y = self.inverse(two_pi_i * self.ky * w_hat)
        nonlinear_hat = np.fft.rfft2(u * w_x + v * w_y) * self.dealias
        return (-self.dt * nonlinear_hat + self.dt * self.f_hat + self.explicit * w_hat) / self.implicit

    def trajectory(self, w0, steps, record_every):
        """Frames at steps 0, record_every, 2 record_every, ..."""
        w_hat = np.fft.rfft2(w0)
        frames = [np.array(w0, dtype=float)]
        for s in range(1, steps + 1):
            w_hat = self.step(w_hat)
            if s % record_every == 0:
                frames.append(self.inverse(w_hat))
        return np.stack(frames)


def config_viscosity(config):
    """--viscosity from the file's config attribute (key = value lines), else ns2d's default."""
    if isinstance(config, bytes):
        config = config.decode()
    for line in str(config).splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "viscosity" and value.strip():
            return float(value)
    return 1e-3


def compare(args):
    try:
        import h5py
    except ImportError:
        print("skipped: h5py is not installed")
        return 77
    with h5py.File(args.file, "r") as f:
        ours = f["outputs/vorticity"][...]
        times = f["grid/t"][...]
        dt = float(f.attrs["dt"])
        record_every = int(f.attrs["record_every"])
        viscosity = args.viscosity if args.viscosity is not None else config_viscosity(f.attrs.get("config", ""))
    if ours.dtype != np.float64:
        print(f"error: {args.file} holds {ours.dtype}; write it with --precision double")
        return 1
    frames = int(np.searchsorted(times, args.t_max + 1e-12))
    worst = 0.0
    for i in range(ours.shape[0]):
        n = ours.shape[-1]
        solver = FnoVorticitySolver(n, viscosity, dt)
        reference = solver.trajectory(ours[i, 0], (frames - 1) * record_every, record_every)
        for j in range(1, frames):
            error = np.linalg.norm(ours[i, j] - reference[j]) / np.linalg.norm(reference[j])
            print(f"trajectory {i} t={times[j]:g}: relative L2 difference {error:.3e}")
            worst = max(worst, error)
    ok = worst <= args.tolerance
    print(f"worst relative difference {worst:.3e} ({'within' if ok else 'ABOVE'} {args.tolerance:g})")
    return 0 if ok else 1


def demo(args):
    rng = np.random.default_rng(0)
    w0 = fno_grf(args.n, rng)
    solver = FnoVorticitySolver(args.n, 1e-3, 1e-4)
    frames = solver.trajectory(w0, args.steps, args.steps)
    for j, w in enumerate(frames):
        print(f"frame {j}: mean {w.mean():+.3e} rms {np.sqrt((w ** 2).mean()):.6f} max {abs(w).max():.6f}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare")
    c.add_argument("file")
    c.add_argument("--tolerance", type=float, default=1e-6)
    c.add_argument("--t-max", type=float, default=1.0)
    c.add_argument("--viscosity", type=float, default=None, help="default: the file's config, else 1e-3")
    d = sub.add_parser("demo")
    d.add_argument("--n", type=int, default=64)
    d.add_argument("--steps", type=int, default=100)
    args = parser.parse_args()
    return compare(args) if args.command == "compare" else demo(args)


if __name__ == "__main__":
    sys.exit(main())
