"""Reads the exports of tests/cli/test_dataset_tools.sh the way each trainer's
loader does and compares them with the native file given as argv[1]."""
import sys

import h5py
import numpy as np

native = sys.argv[1]
with h5py.File(native, "r") as f:
    coeff = f["inputs/coeff"][:]
    sol = f["outputs/solution"][:]
    x = f["grid/x"][:]
    y = f["grid/y"][:]
    seeds = f["meta/seed"][:]
n, nx, ny = coeff.shape

# Re-chunked / re-compressed native copy: identical data.
with h5py.File("n.h5", "r") as f:
    assert np.array_equal(f["inputs/coeff"][:], coeff) and np.array_equal(f["outputs/solution"][:], sol)
    assert f["inputs/coeff"].compression_opts == 9 and f["inputs/coeff"].chunks[0] > 1
    assert np.array_equal(f["meta/seed"][:], seeds) and f.attrs["complete"] == 1

# PDEBench FNODatasetSingle, flat-file path (name not ending in "h5").
with h5py.File("p.hdf5", "r") as f:
    keys = sorted(f.keys())
    assert "tensor" in keys
    data = np.array(f["tensor"], dtype=np.float32)
    assert data.shape == (n, 1, nx, ny) and data.dtype == np.float32
    nu = np.array(f["nu"], dtype=np.float32)
    assert nu.shape == (n, nx, ny)
    xc, yc = np.array(f["x-coordinate"]), np.array(f["y-coordinate"])
    assert np.array_equal(data[:, 0], sol) and np.array_equal(nu, coeff)
    assert np.allclose(xc, x) and np.allclose(yc, y) and f["x-coordinate"].dtype == np.float32
    assert float(f.attrs["beta"]) == 1.0

# FNO MatReader: scipy.io.loadmat must refuse (v7.3), then h5py + reversed axes.
with open("f.mat", "rb") as raw:
    header = raw.read(128)
assert header.startswith(b"MATLAB 7.3 MAT-file") and header[124:128] == b"\x00\x02IM", header
try:
    import scipy.io
    try:
        scipy.io.loadmat("f.mat")
        raise AssertionError("scipy read a v7.3 file")
    except NotImplementedError:
        pass
except ImportError:
    pass
with h5py.File("f.mat", "r") as data:
    for field, expected in (("coeff", coeff), ("sol", sol)):
        v = data[field][()]
        v = np.transpose(v, axes=range(len(v.shape) - 1, -1, -1))
        assert v.shape == (n, nx, ny), v.shape
        assert np.array_equal(v.astype(np.float32), expected)
        cls = data[field].attrs["MATLAB_class"]
        assert (cls.decode() if isinstance(cls, bytes) else cls) == "single"

# neuraloperator H5pyDataset: lazily indexed x, y.
with h5py.File("nl.h5", "r") as f:
    assert np.array_equal(f["x"][3], coeff[3]) and np.array_equal(f["y"][3], sol[3])
    assert f["x"].shape == (n, nx, ny) and f["y"].dtype == np.float32

# Downsampled native file: every 3rd cell and coordinate.
with h5py.File("s.h5", "r") as f:
    assert np.array_equal(f["inputs/coeff"][:], coeff[:, ::3, ::3])
    assert np.array_equal(f["grid/x"][:], x[::3]) and int(f.attrs["stride"]) == 3

# Split: disjoint, covering, deterministic sizes.
parts = {}
for name in ("train", "valid", "test"):
    with h5py.File(f"sp_{name}.h5", "r") as f:
        parts[name] = f["x"][:]
assert [len(parts[k]) for k in ("train", "valid", "test")] == [round(0.6 * n), round(0.2 * n), n - round(0.6 * n) - round(0.2 * n)]
rows = np.concatenate([parts[k] for k in parts])
order = sorted(range(n), key=lambda i: coeff[i].tobytes())
assert sorted(r.tobytes() for r in rows) == sorted(coeff[i].tobytes() for i in order)


# The Well: the rules of PolymathicAI/the_well scripts/check_thewell_formatting.py.
def is_bool(v):
    return isinstance(v, (bool, np.bool_))


with h5py.File("w/data/train/w.hdf5", "r") as f:
    assert isinstance(int(f.attrs["n_spatial_dims"]), int) and f.attrs["n_spatial_dims"] == 2
    assert isinstance(f.attrs["n_trajectories"], (int, np.integer)) and f.attrs["n_trajectories"] == n
    assert isinstance(f.attrs["dataset_name"], str) and isinstance(f.attrs["grid_type"], str)
    assert f.attrs["grid_type"] == "cartesian"
    for p in f.attrs["simulation_parameters"]:
        assert p in f.attrs, p
    dims = f["dimensions"]
    assert "time" in dims and is_bool(dims["time"].attrs["sample_varying"])
    spatial = dims.attrs["spatial_dims"]
    assert isinstance(spatial, (list, np.ndarray)) and isinstance(spatial[0], str)
    assert len(spatial) == f.attrs["n_spatial_dims"]
    for d in spatial:
        assert is_bool(dims[d].attrs["sample_varying"]) and is_bool(dims[d].attrs["time_varying"])
    for i in range(3):
        g = f[f"t{i}_fields"]
        names = g.attrs["field_names"]
        assert isinstance(names, (list, np.ndarray))
        for field in names:
            ds = g[field]
            count = 0
            assert is_bool(ds.attrs["sample_varying"]) and is_bool(ds.attrs["time_varying"])
            if ds.attrs["sample_varying"]:
                assert ds.shape[0] == f.attrs["n_trajectories"]
                count += 1
            if ds.attrs["time_varying"]:
                assert ds.shape[count] == dims["time"].shape[-1]
                count += 1
            dv = ds.attrs["dim_varying"]
            assert isinstance(dv, (list, np.ndarray)) and len(dv) == len(spatial) and is_bool(dv[0])
            for k, d in enumerate(spatial):
                if dv[k]:
                    assert dims[d].shape[-1] == ds.shape[count]
                    count += 1
    assert list(f["t0_fields"].attrs["field_names"]) == ["coeff", "solution"]
    assert np.array_equal(f["t0_fields/solution"][:, 1], sol) and not f["t0_fields/solution"][:, 0].any()
    assert np.array_equal(f["t0_fields/coeff"][:], coeff) and not f["t0_fields/coeff"].attrs["time_varying"]
    sc = f["scalars"]
    assert isinstance(sc.attrs["field_names"], (list, np.ndarray))
    for field in sc.attrs["field_names"]:
        s = sc[field]
        assert is_bool(s.attrs["sample_varying"]) and is_bool(s.attrs["time_varying"])
        assert len(s.shape) == s.attrs["sample_varying"] + s.attrs["time_varying"]
    for key in f["boundary_conditions"]:
        bc = f["boundary_conditions"][key]
        assert "bc_type" in bc.attrs and "associated_fields" in bc.attrs
        assert is_bool(bc.attrs["sample_varying"]) and is_bool(bc.attrs["time_varying"])
        ad = bc.attrs["associated_dims"]
        assert isinstance(ad, (list, np.ndarray)) and len(ad) > 0 and "mask" in bc
        c = bc.attrs["sample_varying"] + bc.attrs["time_varying"]
        for k, d in enumerate(ad):
            assert d in spatial and bc["mask"].shape[c + k] == dims[d].shape[-1]
        assert bc["mask"].dtype == np.bool_
print("layouts OK")
