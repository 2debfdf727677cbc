#!/usr/bin/env bash
# burgers2d end to end (tiny): `problems burgers2d` names Newton, SNES and the
# auto solver; two 12^2 trajectories of 10 BDF2 steps under --solver auto
# (GMRES + ILU in the Newton iterations) have the trajectory layout with
# outputs u and v, every step converged (/stats/steps), validate re-runs them,
# and inspect, preview, convert --layout pdebench / fno / well read them;
# bad options are one-line errors.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
"$PYTHON3" -c "import h5py" 2>/dev/null || { echo "SKIPPED: h5py missing"; exit 77; }

"$SKR_GEN" problems burgers2d >problems.txt || fail "problems burgers2d"
grep -q "Newton through PETSc SNES" problems.txt || fail "problems burgers2d: no Newton/SNES note: $(cat problems.txt)"
grep -q "auto: GMRES + ILU" problems.txt || fail "problems burgers2d: no auto solver note"

expect_error "Crank-Nicolson" "--time-scheme must be be or bdf2" \
  "$SKR_GEN" generate --problem burgers2d --grid 8 --samples 1 --time-scheme cn --out bad.h5 -q
expect_error "bad convection" "--convection" \
  "$SKR_GEN" generate --problem burgers2d --grid 8 --samples 1 --convection weno --out bad.h5 -q

"$SKR_GEN" generate --problem burgers2d --grid 12 --samples 2 --dt 0.05 --t-final 0.5 \
  --time-scheme bdf2 --out b.h5 >gen.txt 2>&1 || fail "generate burgers2d: $(cat gen.txt)"
"$PYTHON3" - <<'PY' || fail "burgers2d file layout"
import h5py, numpy as np
with h5py.File("b.h5") as f:
    assert f.attrs["time_dependent"] == 1 and f.attrs["frames"] == 11 and f.attrs["steps"] == 10
    for name in ("u", "v"):
        d = f["outputs/" + name][:]
        assert d.shape == (2, 11, 12, 12) and np.isfinite(d).all(), (name, d.shape)
        assert np.array_equal(d[:, 0], f["inputs/" + name + "0"][:].astype(d.dtype))
    assert (f["stats/converged"][:] == 1).all()
    its = f["stats/steps/iterations"][:]
    assert its.shape == (2, 10) and (its > 0).all(), its
    solver = f.attrs["solver"]
    solver = solver.decode() if isinstance(solver, bytes) else solver
    assert "gmres + ilu" in solver, solver
PY
"$SKR_GEN" validate b.h5 >val.txt 2>&1 || fail "validate burgers2d: $(cat val.txt)"
"$SKR_GEN" inspect b.h5 >inspect.txt || fail "inspect"
grep -q "outputs/u.*\[2, 11, 12, 12\]" inspect.txt || fail "inspect: $(cat inspect.txt)"
"$SKR_GEN" preview --in b.h5 --samples 2 --frames 3 --out p.png >preview.txt || fail "preview --in"
"$SKR_GEN" convert --in b.h5 --layout pdebench --out b_pdebench.h5 >/dev/null || fail "convert pdebench"
"$SKR_GEN" convert --in b.h5 --layout fno --out b.mat >/dev/null || fail "convert fno"
"$SKR_GEN" convert --in b.h5 --layout well --out b_well >/dev/null || fail "convert well"
"$PYTHON3" - <<'PY' || fail "burgers2d exports"
import h5py
with h5py.File("b_pdebench.h5") as f:
    # V = the outputs u, v, then the trainer channels u0, v0 in every frame.
    assert f["0000/data"].shape == (11, 12, 12, 4), f["0000/data"].shape
PY
finish
