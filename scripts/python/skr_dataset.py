"""PyTorch-style datasets over skr-gen HDF5 files.

Reads the native layout (/inputs/<field> [N,nx,ny], /outputs/<field>) or the
neuralop export (root `x`, `y` [N,nx,ny]). The HDF5 file is opened lazily on
the first __getitem__ of each process, never in __init__, so the dataset can
be handed to a torch DataLoader with num_workers > 0 (h5py handles must not
cross fork()). Samples come back as float32 arrays (input [C,H,W] with one
channel per input field, output [C,H,W]); as torch tensors when torch is
importable, numpy arrays otherwise, so the h5py parts work without torch.

    from skr_dataset import SkrDataset
    ds = SkrDataset("darcy.h5")            # native: all input fields, 'solution'
    x, y = ds[0]                           # x: [1, 64, 64], y: [1, 64, 64]
    loader = torch.utils.data.DataLoader(ds, batch_size=16, num_workers=2)
"""
import h5py
import numpy as np

try:  # torch is optional: without it samples are numpy arrays
    import torch
    from torch.utils.data import Dataset as _Base
except ImportError:  # pragma: no cover
    torch = None
    _Base = object


def describe(path):
    """(layout, input dataset paths, output dataset paths, N) of a file."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("format") == "skr-gen":
            if int(f.attrs.get("complete", 0)) != 1:
                raise ValueError(f"{path}: incomplete skr-gen dataset")
            inputs = [f"inputs/{k}" for k in sorted(f["inputs"]) if f["inputs"][k].ndim > 1]
            outputs = [f"outputs/{k}" for k in sorted(f["outputs"])]
            return "native", inputs, outputs, int(f.attrs["samples_total"])
        if "x" in f and "y" in f:
            return "neuralop", ["x"], ["y"], int(f["x"].shape[0])
    raise ValueError(f"{path}: neither a native skr-gen dataset nor a neuralop (x, y) file")


class SkrDataset(_Base):
    """(input [C,H,W], output [C,H,W]) float32 pairs of an skr-gen file."""

    def __init__(self, path, inputs=None, outputs=None, indices=None, stride=1):
        self.path = str(path)
        layout, default_in, default_out, n = describe(self.path)
        self.layout = layout
        self.inputs = [f"inputs/{k}" for k in inputs] if inputs and layout == "native" else default_in
        if outputs and layout == "native":
            self.outputs = [f"outputs/{k}" for k in outputs]
        elif layout == "native" and "outputs/solution" in default_out:
            self.outputs = ["outputs/solution"]
        else:
            self.outputs = default_out
        self.indices = list(range(n)) if indices is None else list(indices)
        self.stride = int(stride)
        self._file = None  # opened on first use, per worker process

    def __len__(self):
        return len(self.indices)

    def _open(self):
        if self._file is None:
            self._file = h5py.File(self.path, "r")
        return self._file

    def _stack(self, names, i):
        f = self._open()
        s = self.stride
        arrays = [np.asarray(f[name][i, ::s, ::s], dtype=np.float32) for name in names]
        return np.stack(arrays, axis=0)

    def __getitem__(self, k):
        i = self.indices[k]
        x, y = self._stack(self.inputs, i), self._stack(self.outputs, i)
        if torch is not None:
            return torch.from_numpy(x), torch.from_numpy(y)
        return x, y

    def __getstate__(self):  # never pickle an open h5py handle into workers
        state = dict(self.__dict__)
        state["_file"] = None
        return state

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None
