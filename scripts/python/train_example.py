"""Train a small Fourier neural operator (pure torch) on an skr-gen Darcy file.

    skr-gen generate --problem darcy --samples 200 --grid 32 --out darcy.h5
    python3 scripts/python/train_example.py darcy.h5 --epochs 10

Splits the samples 80/20 (train/test, fixed order), normalises inputs and
outputs with training-set mean/std, and prints the mean relative L2 error on
the test samples after each epoch.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from skr_dataset import SkrDataset  # noqa: E402


class SpectralConv2d(nn.Module):
    """Multiply the lowest `modes` Fourier modes by learned complex weights."""

    def __init__(self, channels, modes):
        super().__init__()
        self.modes = modes
        scale = 1.0 / (channels * channels)
        self.w1 = nn.Parameter(scale * torch.randn(channels, channels, modes, modes, dtype=torch.cfloat))
        self.w2 = nn.Parameter(scale * torch.randn(channels, channels, modes, modes, dtype=torch.cfloat))

    def forward(self, x):
        b, c, h, w = x.shape
        m = min(self.modes, h // 2, w // 2 + 1)
        xf = torch.fft.rfft2(x)
        out = torch.zeros(b, c, h, w // 2 + 1, dtype=torch.cfloat, device=x.device)
        out[:, :, :m, :m] = torch.einsum("bixy,ioxy->boxy", xf[:, :, :m, :m], self.w1[:, :, :m, :m])
        out[:, :, -m:, :m] = torch.einsum("bixy,ioxy->boxy", xf[:, :, -m:, :m], self.w2[:, :, :m, :m])
        return torch.fft.irfft2(out, s=(h, w))


class FNO2d(nn.Module):
    def __init__(self, in_channels=1, out_channels=1, width=16, modes=8, layers=3):
        super().__init__()
        self.lift = nn.Conv2d(in_channels + 2, width, 1)
        self.spectral = nn.ModuleList([SpectralConv2d(width, modes) for _ in range(layers)])
        self.pointwise = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(layers)])
        self.project = nn.Sequential(nn.Conv2d(width, 64, 1), nn.GELU(), nn.Conv2d(64, out_channels, 1))

    def forward(self, x):
        b, _, h, w = x.shape
        gx = torch.linspace(0, 1, h).view(1, 1, h, 1).expand(b, 1, h, w)
        gy = torch.linspace(0, 1, w).view(1, 1, 1, w).expand(b, 1, h, w)
        x = self.lift(torch.cat([x, gx, gy], dim=1))
        for spectral, pointwise in zip(self.spectral, self.pointwise):
            x = nn.functional.gelu(spectral(x) + pointwise(x))
        return self.project(x)


def relative_l2(pred, true):
    diff = (pred - true).flatten(1).norm(dim=1)
    return diff / true.flatten(1).norm(dim=1).clamp_min(1e-30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="native skr-gen dataset (or neuralop export)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--max-iterations", type=int, default=0, help="stop each epoch after this many batches (0: all)")
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    torch.manual_seed(0)

    full = SkrDataset(args.file)
    n = len(full)
    n_train = max(1, int(round(0.8 * n)))
    train = SkrDataset(args.file, indices=range(n_train))
    test = SkrDataset(args.file, indices=range(n_train, n)) if n_train < n else train
    xs = np.stack([train[i][0].numpy() for i in range(len(train))])
    ys = np.stack([train[i][1].numpy() for i in range(len(train))])
    x_mean, x_std = float(xs.mean()), float(xs.std()) + 1e-12
    y_mean, y_std = float(ys.mean()), float(ys.std()) + 1e-12

    model = FNO2d(in_channels=xs.shape[1], out_channels=ys.shape[1])
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    loader = torch.utils.data.DataLoader(train, batch_size=args.batch, shuffle=True, num_workers=args.workers)
    test_loader = torch.utils.data.DataLoader(test, batch_size=args.batch, num_workers=args.workers)
    for epoch in range(1, args.epochs + 1):
        model.train()
        for it, (x, y) in enumerate(loader):
            if args.max_iterations and it >= args.max_iterations:
                break
            pred = model((x - x_mean) / x_std) * y_std + y_mean
            loss = relative_l2(pred, y).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        model.eval()
        errors = []
        with torch.no_grad():
            for x, y in test_loader:
                errors.append(relative_l2(model((x - x_mean) / x_std) * y_std + y_mean, y))
        print(f"epoch {epoch}: train loss {loss.item():.4f}, test relative L2 error {torch.cat(errors).mean().item():.4f}",
              flush=True)


if __name__ == "__main__":
    main()
