#!/bin/bash
# scripts/python/skr_dataset.py (lazy h5py Dataset) and train_example.py on a
# tiny Darcy file. The h5py part always runs; training needs python3-torch.
source "$(dirname "$0")/lib.sh"
PY=$PYTHON3
SCRIPTS=${SKR_SOURCE_DIR:?}/scripts/python
cd "$WORK"

"$SKR_GEN" generate --samples 12 --grid 16 --solver cg --pc icc --sort none -q --out d.h5 >/dev/null
"$SKR_GEN" convert --in d.h5 --out nl.h5 --layout neuralop >/dev/null

# h5py parts, with or without torch: lazy open, shapes, dtypes, both layouts.
PYTHONPATH="$SCRIPTS" "$PY" - <<'PY'
import pickle
import numpy as np
import skr_dataset as sd

for path in ("d.h5", "nl.h5"):
    ds = sd.SkrDataset(path)
    assert ds._file is None, "opened in __init__"
    assert len(ds) == 12
    x, y = ds[3]
    assert ds._file is not None
    x, y = np.asarray(x), np.asarray(y)
    assert x.shape == (1, 16, 16) and y.shape == (1, 16, 16), (x.shape, y.shape)
    assert x.dtype == np.float32 and y.dtype == np.float32
    clone = pickle.loads(pickle.dumps(ds))
    assert clone._file is None
    ds.close()
a = np.asarray(sd.SkrDataset("d.h5")[5][0]); b = np.asarray(sd.SkrDataset("nl.h5")[5][0])
assert np.array_equal(a, b)
assert np.asarray(sd.SkrDataset("d.h5", stride=2)[0][1]).shape == (1, 8, 8)
print("skr_dataset h5py parts OK")
PY

if ! "$PY" -c 'import torch' 2>/dev/null; then
  echo "SKIPPED: python3-torch not installed (the h5py parts above passed)"
  exit 77 # CTest: skipped (SKIP_RETURN_CODE), not passed
fi
"$PY" "$SCRIPTS/train_example.py" d.h5 --epochs 2 --batch 4 --max-iterations 2 --workers 2 | tee train.txt
[ "$(grep -c 'test relative L2 error' train.txt)" = 2 ] || fail "no per-epoch error lines"
finish
