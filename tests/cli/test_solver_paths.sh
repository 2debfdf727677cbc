#!/usr/bin/env bash
# Solver paths of issue #22: a direct solve takes no warm start (item 10),
# explicit PETSc -ksp_type / -pc_type skip auto's pilot (item 11). Tiny grids, few samples.
source "$(dirname "$0")/lib.sh"
G=("$SKR_GEN" generate -q --fallback none)

# Fails (exit 3 with --fallback none) unless every sample converged without help.
all_converged() { # file
  "$PYTHON3" - "$1" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    conv, fb = f["stats/converged"][:], f["stats/fallback"][:]
    assert conv.all() and (fb == 0).all(), (conv, fb)
PY
}

# Item 10: poisson changes only b, so auto warm start would set an initial
# guess; preonly + LU takes none (PETSc refused it: 7 of 10 samples failed).
if "${G[@]}" --problem poisson --grid 8 --samples 10 --solver preonly --pc lu --out "$WORK/lu.h5" >/dev/null 2>"$WORK/lu.err"; then
  all_converged "$WORK/lu.h5" || fail "preonly + lu: a sample needed help"
else
  fail "preonly + lu on poisson: exit $?: $(cat "$WORK/lu.err")"
fi

# Item 11: explicit PETSc types under --solver auto: no pilot is run.
"$SKR_GEN" generate --problem darcy --grid 8 --samples 4 -q --out "$WORK/explicit.h5" \
  -ksp_type preonly -pc_type lu >/dev/null || fail "explicit -ksp_type under auto"
"$PYTHON3" - "$WORK/explicit.h5" <<'PY' || fail "auto ran its pilot despite -ksp_type / -pc_type"
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    assert "solver_auto_pilot" not in f.attrs, f.attrs["solver_auto_pilot"]
    assert "preonly" in f.attrs["solver"], f.attrs["solver"]
PY
finish
