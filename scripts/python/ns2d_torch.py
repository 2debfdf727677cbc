#!/usr/bin/env python3
"""FNO's Navier-Stokes generator as a PyTorch CPU script, for timing skr-gen's ns2d.

The published generator (FNO's data_generation/navier_stokes/ns_2d.py) is
written against PyTorch's pre-1.8 torch.rfft / irfft, which current PyTorch no
longer has; this script follows the same algorithm from its description with
the FFT calls in torch.fft: a batch of trajectories advanced together,
pseudo-spectral, forward Euler on u.grad w (2/3-rule de-aliased), Crank-Nicolson
on nu Laplace w, forcing 0.1 (sin 2pi(x+y) + cos 2pi(x+y)), initial vorticity
from FNO's GRF (alpha 2.5, tau 7).

usage: ns2d_torch.py [--n 256] [--batch 20] [--steps 2000] [--warmup 20]
                     [--threads 2] [--precision float64|float32] [--viscosity 1e-3] [--dt 1e-4]
Prints the time per step of the batch (and per trajectory step) over --steps
steps after --warmup untimed ones. Exit 77 without torch.
"""
import argparse
import math
import sys
import time

try:
    import torch
except ImportError:
    print("skipped: python3-torch is not installed")
    sys.exit(77)


def grf(batch, n, alpha, tau, dtype):
    k = torch.fft.fftfreq(n, d=1.0 / n, dtype=dtype)
    k2 = k[:, None] ** 2 + k[None, :] ** 2
    sigma = tau ** (alpha - 1.0)
    scale = n * n * math.sqrt(2.0) * sigma * (4 * math.pi ** 2 * k2 + tau ** 2) ** (-alpha / 2)
    scale[0, 0] = 0.0
    real = torch.randn(batch, n, n, dtype=dtype) * scale
    imag = torch.randn(batch, n, n, dtype=dtype) * scale
    return torch.fft.ifft2(torch.complex(real, imag)).real


class Generator:
    def __init__(self, n, viscosity, dt, dtype):
        self.n, self.dt = n, dt
        kx = torch.fft.fftfreq(n, d=1.0 / n, dtype=dtype)[:, None].expand(n, n // 2 + 1)
        ky = torch.arange(n // 2 + 1, dtype=dtype)[None, :].expand(n, n // 2 + 1)
        self.kx, self.ky = kx, ky
        lap = 4 * math.pi ** 2 * (kx ** 2 + ky ** 2)
        self.lap = lap
        self.psi_lap = lap.clone()
        self.psi_lap[0, 0] = 1.0
        self.viscosity = viscosity
        kmax = n // 2
        self.dealias = ((kx.abs() <= 2.0 / 3.0 * kmax) & (ky.abs() <= 2.0 / 3.0 * kmax)).to(dtype)
        x = torch.arange(n, dtype=dtype) / n
        X, Y = torch.meshgrid(x, x, indexing="ij")
        self.f_hat = torch.fft.rfft2(0.1 * (torch.sin(2 * math.pi * (X + Y)) + torch.cos(2 * math.pi * (X + Y))))

    def step(self, w_hat):
        n, dt = self.n, self.dt
        psi_hat = w_hat / self.psi_lap
        q = torch.fft.irfft2(2j * math.pi * self.ky * psi_hat, s=(n, n))
        v = torch.fft.irfft2(-2j * math.pi * self.kx * psi_hat, s=(n, n))
        w_x = torch.fft.irfft2(2j * math.pi * self.kx * w_hat, s=(n, n))
        w_y = torch.fft.irfft2(2j * math.pi * self.ky * w_hat, s=(n, n))
        F_hat = self.dealias * torch.fft.rfft2(q * w_x + v * w_y)
        c = 0.5 * dt * self.viscosity * self.lap
        return (-dt * F_hat + dt * self.f_hat + (1.0 - c) * w_hat) / (1.0 + c)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=256)
    p.add_argument("--batch", type=int, default=20)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--precision", choices=["float64", "float32"], default="float64")
    p.add_argument("--viscosity", type=float, default=1e-3)
    p.add_argument("--dt", type=float, default=1e-4)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.precision == "float64" else torch.float32
    torch.manual_seed(0)
    generator = Generator(a.n, a.viscosity, a.dt, dtype)
    with torch.no_grad():
        w_hat = torch.fft.rfft2(grf(a.batch, a.n, 2.5, 7.0, dtype))
        for _ in range(a.warmup):
            w_hat = generator.step(w_hat)
        start = time.perf_counter()
        for _ in range(a.steps):
            w_hat = generator.step(w_hat)
        seconds = time.perf_counter() - start
    rms = torch.fft.irfft2(w_hat, s=(a.n, a.n)).pow(2).mean().sqrt().item()
    print(f"torch {torch.__version__} {a.precision} threads={a.threads} n={a.n} batch={a.batch} steps={a.steps}: "
          f"{seconds:.2f} s, {seconds / a.steps * 1e3:.3f} ms per batch step, "
          f"{seconds / a.steps / a.batch * 1e6:.1f} us per trajectory step (final rms {rms:.4f})")


if __name__ == "__main__":
    main()
