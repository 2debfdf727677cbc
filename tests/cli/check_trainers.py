"""Loads every family x layout export of tests/cli/test_trainer_inputs.sh the
way each trainer's own reader does (their code followed step by step; their
packages are not installed here), checks that every native input reaches the
input tensor by value and that every value is finite, and trains one step of
a small model to a finite loss. Run in the export folder with the family
names as arguments; exits 77 after the numpy checks when torch is absent.
With --time NAME...: the time-dependent exports of tests/cli/test_time_exports.sh
(NAME.h5 native trajectories, NAME_pdebench.h5, NAME.mat, NAME_well/) as
PDEBench's FNODatasetMult, FNO's MatReader + fourier_2d_time.py and
WellDataset with 4 input steps and 1 output step read them."""
import glob
import os
import sys

import h5py
import numpy as np
import yaml

try:
    import torch
except ImportError:
    torch = None

TIME = len(sys.argv) > 1 and sys.argv[1] == "--time"  # trajectories: check_time_layouts below
FAMILIES = sys.argv[2:] if TIME else sys.argv[1:]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def native(family):
    with h5py.File(f"{family}.h5", "r") as f:
        fields = {k: f["inputs"][k][:].astype(np.float64) for k in f["inputs"] if f["inputs"][k].ndim > 1}
        scalars = {k: f["inputs"][k][:] for k in f["inputs"] if f["inputs"][k].ndim == 1}
        sol = f["outputs/solution"][:].astype(np.float64)
        grid = [f["grid"][a][:] for a in ("x", "y", "z") if a in f["grid"]]
    return fields, scalars, sol, grid


def cheb(c, s):
    return np.polynomial.chebyshev.chebval(2 * s - 1, c)


def expected_channels(family, fields, scalars, grid):
    """The trainer channels of every sample, rebuilt here from the native
    inputs independently of skr-gen: every native input is used."""
    shape = next(iter(fields.values())).shape
    if family == "poisson":
        x, y = grid
        degree = sum(1 for k in scalars if k.startswith("bc_left_c")) - 1
        coef = {e: np.stack([scalars[f"bc_{e}_c{i}"] for i in range(degree + 1)], 1)
                for e in ("left", "right", "bottom", "top")}
        total, count = np.zeros(shape), np.zeros(shape[1:])
        for n in range(shape[0]):
            total[n, 0, :] += cheb(coef["left"][n], y)
            total[n, -1, :] += cheb(coef["right"][n], y)
            total[n, :, 0] += cheb(coef["bottom"][n], x)
            total[n, :, -1] += cheb(coef["top"][n], x)
        count[0, :] += 1; count[-1, :] += 1; count[:, 0] += 1; count[:, -1] += 1
        boundary = np.where(count > 0, total / np.maximum(count, 1), 0)
        return {"boundary": boundary, "source": fields["source"]}
    if family == "thermal":
        edge = np.zeros(shape)
        edge[:, 0, :] = scalars["t_left"][:, None]
        edge[:, -1, :] = scalars["t_right"][:, None]
        out = {"boundary_temperature": edge, "mask": fields["mask"]}
        if "kappa" in fields:
            out["kappa"] = fields["kappa"]
        return out
    # Every field as it is, every scalar as a constant channel.
    out = dict(fields)
    for k, v in scalars.items():
        out[k] = np.broadcast_to(v.reshape((-1,) + (1,) * (len(shape) - 1)), shape)
    return out


def check_inputs(where, names, tensor_of, expected, rows):
    """tensor_of(name) -> exported channel [len(rows), cells...]."""
    check(sorted(names) == sorted(expected), f"{where}: channels {names}, expected {sorted(expected)}")
    for name in names:
        got = tensor_of(name)
        check(np.all(np.isfinite(got)), f"{where}: channel {name} not finite")
        want = expected[name][rows]
        check(got.shape == want.shape and np.allclose(got, want, rtol=2e-6, atol=1e-6 * (1 + np.abs(want).max())),
              f"{where}: channel {name} differs from the native input")


def target(sol):
    return np.nan_to_num(sol, nan=0.0)


def train_one_step(where, x, y):
    """x [B, C, cells...], y [B, 1, cells...]: one Adam step of a small conv net."""
    if torch is None:
        return
    torch.manual_seed(0)
    conv = torch.nn.Conv2d if x.dim() == 4 else torch.nn.Conv3d
    model = torch.nn.Sequential(conv(x.shape[1], 8, 3, padding=1), torch.nn.GELU(), conv(8, y.shape[1], 1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = torch.nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    check(bool(torch.isfinite(loss)), f"{where}: training loss {loss.item()}")


def pdebench(family, expected, sol):
    """PDEBench FNODatasetSingle, flat-file branch (name not ending in h5), 2-D Darcy."""
    path = f"{family}.hdf5"
    if not os.path.exists(path):
        return
    with h5py.File(path, "r") as f:
        keys = sorted(f.keys())
        check("tensor" in keys, "pdebench: no tensor")
        _data = np.array(f["tensor"], dtype=np.float32)
        check(_data.ndim == 4, "pdebench: tensor is not 4-D")
        _data = np.transpose(_data[::1, :, ::1, ::1], (0, 2, 3, 1))
        data = _data
        _data = np.array(f["nu"], dtype=np.float32)[::1, None, ::1, ::1]
        _data = np.transpose(_data, (0, 2, 3, 1))
        data = np.concatenate([_data, data], axis=-1)[:, :, :, :, None]  # batch, x, y, t, ch
        names = [str(n) for n in f.attrs["skr_input_channels"]]
    check(np.all(np.isfinite(data)), "pdebench: not finite")
    check_inputs(f"pdebench/{family}", names, lambda n: data[..., 0, 0], expected, slice(None))
    check(np.allclose(data[..., 1, 0], target(sol)), "pdebench: tensor differs from the solution")
    test_idx = int(data.shape[0] * 0.1)
    train = torch.tensor(data[test_idx:]) if torch is not None else None
    if train is not None:  # initial_step = 1: frame 0 (nu) in, frame 1 (tensor) out
        train_one_step(f"pdebench/{family}", train[..., 0, :].permute(0, 3, 1, 2), train[..., 1, :].permute(0, 3, 1, 2))


def fno(family, expected, sol):
    """FNO MatReader (h5py branch: reverse every axis) + fourier_2d.py's reshape."""
    with h5py.File(f"{family}.mat", "r") as data:
        def read_field(field):
            x = data[field][()]
            return np.transpose(x, axes=range(len(x.shape) - 1, -1, -1)).astype(np.float32)
        coeff, u = read_field("coeff"), read_field("sol")
    with h5py.File(f"{family}.mat", "r") as f:
        names = [str(n) for n in f.attrs["skr_input_channels"]]
    n, cells = u.shape[0], u.shape[1:]
    channels = coeff.reshape((n,) + cells + (len(names),))  # fourier_2d: reshape(ntrain, s, s, C)
    check_inputs(f"fno/{family}", names, lambda k: channels[..., names.index(k)], expected, slice(None))
    check(np.all(np.isfinite(u)) and np.allclose(u, target(sol), atol=1e-6), f"fno/{family}: sol")
    if torch is not None:
        x = torch.tensor(channels).movedim(-1, 1)
        train_one_step(f"fno/{family}", x, torch.tensor(u).unsqueeze(1))


def neuralop(family, expected, sol):
    """neuraloperator H5pyDataset with resolution=1024 (subsample_step 1)."""
    f = h5py.File(f"{family}_nl.h5", "r")
    n_samples = f["x"].shape[0]
    step = 1
    names = [str(k) for k in f.attrs["skr_input_channels"]]
    xs, ys = [], []
    for idx in range(n_samples):
        x = f["x"][idx, ::step, ::step]
        y = f["y"][idx, ::step, ::step]
        xs.append(np.asarray(x, dtype=np.float32))
        ys.append(np.asarray(y, dtype=np.float32))
    x, y = np.stack(xs), np.stack(ys)
    multi = len(names) > 1
    check(x.shape == (n_samples,) + sol.shape[1:] + ((len(names),) if multi else ()), f"neuralop/{family}: x shape {x.shape}")
    check_inputs(f"neuralop/{family}", names, (lambda k: x[..., names.index(k)]) if multi else (lambda k: x),
                 expected, slice(None))
    check(np.all(np.isfinite(y)) and np.allclose(y, target(sol), atol=1e-6), f"neuralop/{family}: y")
    if torch is not None:  # transform_x: channel last -> first (multi), or add the channel axis
        tx = torch.tensor(x).movedim(-1, 1) if multi else torch.tensor(x).unsqueeze(1)
        train_one_step(f"neuralop/{family}", tx, torch.tensor(y).unsqueeze(1))
    f.close()


def check_well_stats(where, stats, fields, names, output="solution"):
    """stats.yaml's mean / std of every field and std of the output's frame deltas."""
    for name in names:
        v = fields[name].astype(np.float64)
        check(np.isclose(stats["mean"][name], v.mean(), rtol=1e-4, atol=1e-6) and
              np.isclose(stats["std"][name], v.std(), rtol=1e-4, atol=1e-6), f"{where}: stats of {name}")
    d = np.diff(fields[output].astype(np.float64), axis=1)
    check(np.isclose(stats["std_delta"][output], d.std(), rtol=1e-4), f"{where}: std_delta")


def well(family, expected, sol):
    """WellDataset(path, well_split_name=...) with n_steps_input = n_steps_output = 1,
    use_normalization=True (ZScoreNormalization, min_std 1e-4) and the
    DefaultChannelsFirstFormatter."""
    path = f"{family}_well"
    with open(os.path.join(path, "stats.yaml")) as s:
        stats = yaml.safe_load(s)
    rows_of = {}
    filled = target(sol)
    for split in ("train", "valid", "test"):
        files = sorted(glob.glob(os.path.join(path, "data", split) + "/*.h5") + glob.glob(os.path.join(path, "data", split) + "/*.hdf5"))
        check(len(files) == 1, f"well/{family}: {split} files {files}")
        with h5py.File(files[0], "r") as f:
            steps = f["dimensions"]["time"].shape[-1]
            check(steps - (1 + 1) + 1 > 0, f"well/{family}: {steps} steps is not enough")
            trajectories = int(f.attrs["n_trajectories"])
            variable, constant = [], []
            for name in f["t0_fields"].attrs["field_names"]:
                (variable if f["t0_fields"][name].attrs["time_varying"] else constant).append(name)
            check(variable == ["solution"], f"well/{family}: time-varying fields {variable}")
            fields = {k: f["t0_fields"][k][:] for k in variable + constant}
        # Rows of the native file: matched by their solution (frame 1).
        rows = [int(np.argmin([np.abs(filled[i] - fields["solution"][r, 1]).max() for i in range(len(sol))]))
                for r in range(trajectories)]
        rows_of[split] = rows
        check(np.allclose(fields["solution"][:, 1], filled[rows], atol=1e-6) and np.all(fields["solution"][:, 0] == 0),
              f"well/{family}/{split}: solution frames")
        check_inputs(f"well/{family}/{split}", constant, lambda k: fields[k], expected, rows)
        if split != "train":
            continue
        # stats.yaml: the train part's statistics, every field, every key.
        for key in ("mean", "std", "rms", "mean_delta", "std_delta", "rms_delta"):
            for name in (variable if "delta" in key else variable + constant):
                check(name in stats.get(key, {}), f"well/{family}: stats.yaml lacks {key}/{name}")
        check_well_stats(f"well/{family}", stats, fields, variable + constant)
        if torch is None:
            continue
        # Items: normalised fields, frames [0:1] in, [1:2] out, constants flattened last.
        def norm(name, x):
            return (torch.as_tensor(x) - stats["mean"][name]) / max(stats["std"][name], 1e-4)
        items_x, items_y = [], []
        for i in range(trajectories):
            var = norm("solution", fields["solution"][i, 0:2]).unsqueeze(-1)  # T x H x W x 1
            const = torch.stack([norm(k, fields[k][i]) for k in constant], -1)  # H x W x C
            x = torch.cat([var[:1].movedim(-1, 1).flatten(0, 1), const.movedim(-1, 0)], 0)  # (t c) + C
            check(bool(torch.isfinite(x).all()), f"well/{family}: item not finite")
            items_x.append(x)
            items_y.append(var[1:].movedim(-1, 1).flatten(0, 1))
        train_one_step(f"well/{family}", torch.stack(items_x).float(), torch.stack(items_y).float())
    every = sorted(sum(rows_of.values(), []))
    check(every == list(range(len(sol))), f"well/{family}: parts do not partition the samples: {rows_of}")


def native_trajectories(name):
    with h5py.File(f"{name}.h5", "r") as f:
        family = str(f.attrs["problem"])
        fields = {k: f["inputs"][k][:].astype(np.float64) for k in f["inputs"] if f["inputs"][k].ndim > 1}
        scalars = {k: f["inputs"][k][:] for k in f["inputs"] if f["inputs"][k].ndim == 1}
        outputs = {k: f["outputs"][k][:].astype(np.float64) for k in sorted(f["outputs"])}
        grid = [f["grid"][a][:] for a in ("x", "y", "z") if a in f["grid"]]
        t = f["grid/t"][:]
    return family, fields, scalars, outputs, grid, t


def fno_net(c_in, c_out):
    """A small stand-in for FNO2d: pointwise lift, one spectral-free conv, projection."""
    return torch.nn.Sequential(torch.nn.Conv2d(c_in, 8, 1), torch.nn.GELU(), torch.nn.Conv2d(8, 8, 3, padding=1),
                               torch.nn.GELU(), torch.nn.Conv2d(8, c_out, 1))


def one_step(where, model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = torch.nn.functional.mse_loss(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
    check(bool(torch.isfinite(loss)), f"{where}: training loss {loss.item()}")


def pdebench_time(name, expected, outputs, t):
    """PDEBench FNODatasetMult (saved_folder + filename + ".h5", initial_step 10, test_ratio 0.1)
    and one autoregressive step of train.py's loop (t = initial_step)."""
    path = f"{name}_pdebench.h5"
    initial_step = 10
    with h5py.File(path, "r") as h5_file:
        data_list = sorted(h5_file.keys())
        names = [str(v) for v in h5_file.attrs["skr_variables"]]
    test_idx = int(len(data_list) * (1 - 0.1))
    check(data_list == [f"{r:04d}" for r in range(len(data_list))], f"pdebench/{name}: group names {data_list[:3]}")
    out_names = sorted(outputs)
    check(names[:len(out_names)] == out_names, f"pdebench/{name}: variables {names}")
    first = outputs[out_names[0]]
    items = []
    for idx, key in enumerate(data_list):
        with h5py.File(path, "r") as h5_file:
            seed_group = h5_file[key]
            data = np.array(seed_group["data"], dtype="f")  # [t, x1, ..., xd, v]
            x = np.array(seed_group["grid"]["x"], dtype="f")
            y = np.array(seed_group["grid"]["y"], dtype="f")
            gt = np.array(seed_group["grid"]["t"], dtype="f")
        check(np.allclose(gt, t, rtol=1e-6), f"pdebench/{name}: grid/t")
        check(data.shape == (first.shape[1],) + first.shape[2:] + (len(names),), f"pdebench/{name}: data shape {data.shape}")
        check(np.all(np.isfinite(data)), f"pdebench/{name}/{key}: not finite")
        for v, field in enumerate(out_names):  # every frame of every output field
            check(np.allclose(data[..., v], outputs[field][idx], rtol=2e-6, atol=1e-6), f"pdebench/{name}/{key}: {field} frames")
        for v, channel in enumerate(names[len(out_names):], len(out_names)):  # inputs, constant in time
            want = expected[channel][idx]
            check(np.allclose(data[..., v], want[None], rtol=2e-6, atol=1e-6 * (1 + np.abs(want).max())),
                  f"pdebench/{name}/{key}: channel {channel}")
        if torch is not None and idx < test_idx:
            d = torch.tensor(data).permute(1, 2, 0, 3)  # [x, y, t, v]
            X, Y = torch.meshgrid(torch.tensor(x), torch.tensor(y), indexing="ij")
            items.append((d[..., :initial_step, :], d, torch.stack((X, Y), axis=-1)))
    if torch is not None and items:
        xx = torch.stack([i[0] for i in items])
        yy = torch.stack([i[1] for i in items])
        grid = torch.stack([i[2] for i in items])
        inp = xx.reshape(list(xx.shape[:-2]) + [-1])  # [b, x, y, t_init * v]
        model = fno_net(inp.shape[-1] + 2, yy.shape[-1])
        pred = model(torch.cat((inp, grid), -1).permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
        target = yy[..., initial_step, :]
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        loss = torch.nn.functional.mse_loss(pred, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        check(bool(torch.isfinite(loss)), f"pdebench/{name}: training loss {loss.item()}")


def fno_time(name, expected, outputs, t):
    """FNO MatReader (h5py branch) + fourier_2d_time.py's indexing: u[..., :T_in] in,
    u[..., T_in:T_in + T] out; `a` is frame 0 (ns_2d.py), `t` the recorded times."""
    with h5py.File(f"{name}.mat", "r") as data:
        def read_field(field):
            x = data[field][()]
            return np.transpose(x, axes=range(len(x.shape) - 1, -1, -1)).astype(np.float32)
        a, u, tt, coeff = read_field("a"), read_field("u"), read_field("t"), read_field("coeff")
        names = [str(n) for n in data.attrs["skr_input_channels"]]
    sol = outputs[sorted(outputs)[0]]  # the one output field (ns2d: vorticity)
    check(a.shape == (sol.shape[0],) + sol.shape[2:], f"fno/{name}: a shape {a.shape}")
    check(np.allclose(a, sol[:, 0], rtol=2e-6, atol=1e-6), f"fno/{name}: a is not frame 0")
    check(u.shape == (sol.shape[0],) + sol.shape[2:] + (sol.shape[1] - 1,), f"fno/{name}: u shape {u.shape}")
    check(np.allclose(u, np.moveaxis(sol[:, 1:], 1, -1), rtol=2e-6, atol=1e-6), f"fno/{name}: u frames")
    check(tt.shape == (1, len(t) - 1) and np.allclose(tt[0], t[1:], rtol=1e-6), f"fno/{name}: t {tt.shape}")
    n, cells = a.shape[0], a.shape[1:]
    channels = coeff.reshape((n,) + cells + (len(names),))
    check_inputs(f"fno/{name}", names, lambda k: channels[..., names.index(k)], expected, slice(None))
    T_in = (u.shape[-1]) // 2
    train_a, train_u = u[..., :T_in], u[..., T_in:T_in + 1]
    if torch is not None:
        x = torch.tensor(train_a).movedim(-1, 1)
        one_step(f"fno/{name}", fno_net(T_in, 1), x, torch.tensor(train_u).movedim(-1, 1))


def well_time(name, expected, outputs, t):
    """WellDataset(path, well_split_name) with n_steps_input = 4, n_steps_output = 1,
    use_normalization=True: windows per trajectory = T - 5 + 1."""
    path = f"{name}_well"
    with open(os.path.join(path, "stats.yaml")) as s:
        stats = yaml.safe_load(s)
    out = sorted(outputs)[0]  # the one output field (ns2d: vorticity)
    sol = outputs[out]
    n_in, n_out = 4, 1
    rows_of = {}
    for split in ("train", "test"):
        files = sorted(glob.glob(os.path.join(path, "data", split) + "/*.hdf5"))
        check(len(files) == 1, f"well/{name}: {split} files {files}")
        with h5py.File(files[0], "r") as f:
            steps = f["dimensions"]["time"].shape[-1]
            windows = steps - (n_in + n_out) + 1
            check(windows > 0, f"well/{name}: {steps} steps is not enough")
            check(np.allclose(f["dimensions"]["time"][:], t, rtol=1e-6), f"well/{name}: time")
            variable, constant = [], []
            for field in f["t0_fields"].attrs["field_names"]:
                (variable if f["t0_fields"][field].attrs["time_varying"] else constant).append(field)
            fields = {k: f["t0_fields"][k][:] for k in variable + constant}
            trajectories = int(f.attrs["n_trajectories"])
        check(variable == sorted(outputs), f"well/{name}: time-varying fields {variable}")
        rows = [int(np.argmin([np.abs(sol[i] - fields[out][r]).max() for i in range(len(sol))]))
                for r in range(trajectories)]
        rows_of[split] = rows
        check(np.allclose(fields[out], sol[rows], rtol=2e-6, atol=1e-6), f"well/{name}/{split}: trajectories")
        check_inputs(f"well/{name}/{split}", constant, lambda k: fields[k], expected, rows)
        if split != "train":
            continue
        check_well_stats(f"well/{name}", stats, fields, variable + constant, out)
        if torch is None:
            continue
        def norm(field, x):
            return (torch.as_tensor(x) - stats["mean"][field]) / max(stats["std"][field], 1e-4)
        xs, ys = [], []
        for i in range(trajectories):
            for time_idx in range(windows):  # every window of n_in + n_out frames
                var = norm(out, fields[out][i, time_idx:time_idx + n_in + n_out]).unsqueeze(-1)
                const = torch.stack([norm(k, fields[k][i]) for k in constant], -1)
                xs.append(torch.cat([var[:n_in].movedim(-1, 1).flatten(0, 1), const.movedim(-1, 0)], 0))
                ys.append(var[n_in:].movedim(-1, 1).flatten(0, 1))
        one_step(f"well/{name}", fno_net(xs[0].shape[0], 1), torch.stack(xs).float(), torch.stack(ys).float())
    every = sorted(sum(rows_of.values(), []))
    check(every == list(range(len(sol))), f"well/{name}: parts do not partition the trajectories: {rows_of}")


def check_time_layouts(name):
    family, fields, scalars, outputs, grid, t = native_trajectories(name)
    expected = expected_channels(family, fields, scalars, grid)
    for reader in (pdebench_time, fno_time, well_time):
        reader(name, expected, outputs, t)
    print(f"{name} ({family}, {next(iter(outputs.values())).shape[1]} frames): checked")


for family in FAMILIES if TIME else []:
    check_time_layouts(family)

for family in [] if TIME else FAMILIES:
    fields, scalars, sol, grid = native(family)
    expected = expected_channels(family, fields, scalars, grid)
    for reader in (pdebench, fno, neuralop, well):
        reader(family, expected, sol)
    print(f"{family}: checked")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
if torch is None:
    print("SKIPPED: python3-torch not installed (numpy checks passed)")
    sys.exit(77)
print("every family x layout loads, holds its inputs, and trains")
