#!/usr/bin/env bash
# darcy --scheme fno-vertex (FNO's solve_gwf.m) against the scipy oracle of
# scripts/fno_scheme_compare.py, written from the scheme's description: the
# stored solutions agree to 1e-8 relative (double precision files, a square
# grid through the fno_darcy preset and a non-square one, so that a swapped
# axis shows), validate accepts them (float and double), and darcy3d has no
# such scheme (tests/problems/darcy_test.cpp: its order, and that it is not
# the default FV scheme's numbers). Exit 77 without python3-scipy.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

if ! "$PYTHON3" -c 'import scipy, h5py' 2>/dev/null; then
  echo "SKIPPED: python3-scipy (or h5py) not installed"
  exit 77 # CTest: skipped (SKIP_RETURN_CODE), not passed
fi

common=(--samples 2 --solver cg --pc icc --rtol 1e-12 --sort none -q)
"$SKR_GEN" generate --preset fno_darcy --scheme fno-vertex --grid 33 --precision double "${common[@]}" \
  --out square.h5 >/dev/null || fail "generate --preset fno_darcy --scheme fno-vertex"
"$SKR_GEN" generate --problem darcy --scheme fno-vertex --grid 24x40 --coeff lognormal --precision double \
  "${common[@]}" --out wide.h5 >/dev/null || fail "generate --scheme fno-vertex 24x40"
"$SKR_GEN" generate --problem darcy --scheme fno-vertex --grid 20 --samples 2 --solver gmres --pc ilu \
  -q --out float.h5 >/dev/null || fail "generate --scheme fno-vertex (float)"

PYTHONPATH="$SKR_SOURCE_DIR/scripts" "$PYTHON3" - <<'PY' || fail "agreement with the oracle"
import h5py
import numpy as np
from fno_scheme_compare import fno_darcy, rel

def load(path):
    with h5py.File(path, "r") as f:
        return f["inputs/coeff"][:].astype(np.float64), f["outputs/solution"][:].astype(np.float64)

for path in ("square.h5", "wide.h5"):
    coeff, ours = load(path)
    for s in range(coeff.shape[0]):
        err = rel(ours[s] - fno_darcy(coeff[s]), ours[s])
        print(f"{path} sample {s}: rel L2 vs oracle {err:.2e}")
        assert err < 1e-8, (path, s, err)
PY

for f in square.h5 wide.h5 float.h5; do
  "$SKR_GEN" validate "$f" >"$WORK/validate.txt" 2>&1 || { fail "validate $f"; cat "$WORK/validate.txt" >&2; }
done
grep -q "scheme = fno-vertex" <("$SKR_GEN" inspect square.h5 2>&1) || fail "inspect does not show the scheme"
expect_error "darcy3d has no vertex scheme" "scheme" \
  "$SKR_GEN" generate --problem darcy3d --scheme fno-vertex --grid 8 --samples 1 --out x.h5
expect_error "unknown scheme" "--scheme: 'fd'" \
  "$SKR_GEN" generate --problem darcy --scheme fd --grid 8 --samples 1 --out x.h5
finish
