#!/usr/bin/env bash
# Solver paths of issue #22: geometric multigrid on every structured family
# (item 6), a direct solve takes no warm start (item 10), explicit PETSc
# -ksp_type / -pc_type skip auto's pilot (item 11). Tiny grids, few samples.
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

# Item 6: -pc_type mg / --pc mg on every structured family, odd sizes included
# (they coarsen by rounding up), in 2-D and 3-D.
run_mg() { # name, then generate options
  local name=$1
  shift
  if ! "${G[@]}" --samples 3 "$@" --out "$WORK/$name.h5" >"$WORK/$name.log" 2>&1; then
    fail "mg $name: exit $?: $(tail -3 "$WORK/$name.log")"
  elif all_converged "$WORK/$name.h5" >/dev/null 2>&1; then
    echo "ok: mg $name"
  else
    fail "mg $name: a sample needed help"
  fi
}
run_mg darcy --problem darcy --grid 21 -ksp_type cg -pc_type mg -pc_mg_levels 3
run_mg darcy_pc --problem darcy --grid 16 --solver cg --pc mg
run_mg darcy3d --problem darcy3d --grid 9 --solver cg --pc mg
run_mg poisson --problem poisson --grid 13 --solver gmres --pc mg
run_mg advdiff --problem advdiff --grid 16 --solver gmres --pc mg
run_mg helmholtz --problem helmholtz --grid 24 --k-min 2 --k-max 4 --solver gmres --pc mg
run_mg thermal --problem thermal --grid 20x16 --solver gcrodr --pc mg
# More levels than the grid halves: one note, then the levels it allows.
run_mg capped --problem darcy --grid 12 -ksp_type cg -pc_type mg -pc_mg_levels 9
grep -qx "skr-gen: note: -pc_mg_levels 9: a 12x12 grid halves only 2 times (to at least 2 cells per axis), so multigrid uses 3 levels" \
  "$WORK/capped.log" || fail "capped levels note: $(cat "$WORK/capped.log")"
"$SKR_GEN" bench --problem darcy --grid 12 --samples 3 --methods cg+mg,cg+gamg -q >"$WORK/bench.log" 2>&1 \
  || fail "bench cg+mg: $(tail -3 "$WORK/bench.log")"

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
