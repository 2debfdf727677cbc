#!/usr/bin/env bash
# Time-dependent data end to end on heat (TIME_SPEC.md): generate a few
# trajectories at grid 16, check the layout (frames, /grid/t, per-step stats,
# root attributes) with h5py, kill a run with SIGKILL and resume it (a killed
# run loses at most the trajectories in flight) (validate, which re-runs from the
# seeds, every frame compared: tests/cli/test_time_validate.sh), and the
# time options' one-line errors.
source "$(dirname "$0")/lib.sh"
RUN=("$SKR_GEN" generate --problem heat --grid 16 --seed 3 --dt 0.02 --t-final 0.2 -q)

"${RUN[@]}" --samples 6 --record-every 2 --time-scheme bdf2 --out "$WORK/heat.h5" >"$WORK/gen.out"
grep -q "trajectories: 10 steps of bdf2" "$WORK/gen.out" || fail "no trajectory line: $(cat "$WORK/gen.out")"
"$PYTHON3" - "$WORK/heat.h5" <<'PY' || fail "time-dependent layout"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
a = f.attrs
assert a["time_dependent"] == 1 and a["time_scheme"] in ("bdf2", b"bdf2"), dict(a)
assert a["steps"] == 10 and a["record_every"] == 2 and a["frames"] == 6
assert abs(a["dt"] - 0.02) < 1e-15 and abs(a["t_final"] - 0.2) < 1e-15
assert f["outputs/solution"].shape == (6, 6, 16, 16), f["outputs/solution"].shape
assert f["outputs/solution"].chunks == (1, 1, 16, 16)
assert f["inputs/coeff"].shape == (6, 16, 16) and f["inputs/u0"].shape == (6, 16, 16)
assert np.allclose(f["grid/t"][:], np.arange(6) * 0.04)
for k in ("iterations", "rel_residual", "solve_seconds"):
    assert f[f"stats/steps/{k}"].shape == (6, 10), k
steps = f["stats/steps/rel_residual"][:]
assert np.all(steps <= f.attrs["rtol"]), steps.max()
assert np.all(f["stats/converged"][:] == 1)
assert np.array_equal(f["stats/iterations"][:], f["stats/steps/iterations"][:].sum(1))
assert np.allclose(f["stats/rel_residual"][:], steps.max(1))
# frame 0 is the initial condition, stored as the input u0
assert np.allclose(f["outputs/solution"][:, 0], f["inputs/u0"][:], rtol=0, atol=1e-6)
print("layout ok")
PY
# --step-stats frame: one column per recorded interval, its steps summed.
"${RUN[@]}" --samples 2 --record-every 5 --step-stats frame --out "$WORK/frame.h5"
"$PYTHON3" - "$WORK/frame.h5" <<'PY' || fail "--step-stats frame"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
assert f.attrs["step_stats"] in ("frame", b"frame") and f["stats/steps/iterations"].shape == (2, 2)
assert np.array_equal(f["stats/iterations"][:], f["stats/steps/iterations"][:].sum(1))
assert np.allclose(f["stats/rel_residual"][:], f["stats/steps/rel_residual"][:].max(1))
PY
"$SKR_GEN" inspect "$WORK/frame.h5" | grep -q "per recorded interval of 5 steps (4 intervals" ||
  fail "inspect: per-interval statistics"

# SIGKILL mid-run, then --resume: the same data as an uninterrupted run.
"${RUN[@]}" --samples 12 --out "$WORK/whole.h5" --checkpoint-samples 1
: >"$WORK/log"
"${RUN[@]}" --samples 12 --out "$WORK/killed.h5" --checkpoint-samples 1 --log-json >>"$WORK/log" 2>/dev/null &
pid=$!
while [ "$(wc -l <"$WORK/log")" -lt 4 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ -e "$WORK/killed.h5" ] && echo "note: the run finished before the kill"
[ -e "$WORK/killed.h5" ] || "${RUN[@]}" --samples 12 --out "$WORK/killed.h5" --checkpoint-samples 1 --resume >"$WORK/resume.out"
[ -e "$WORK/killed.h5" ] || fail "resume did not finish"
"$PYTHON3" - "$WORK" <<'PY' || fail "resumed trajectories differ"
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/whole.h5", "r"), h5py.File(f"{w}/killed.h5", "r")
assert b.attrs["complete"] == 1 and sorted(b["meta/solve_position"][:]) == list(range(12))
assert np.array_equal(a["inputs/u0"][:], b["inputs/u0"][:])
ua, ub = a["outputs/solution"][:].astype(float), b["outputs/solution"][:].astype(float)
rel = np.abs(ua - ub).max() / np.abs(ua).max()
assert rel < 1e-5, rel
assert np.all(b["stats/steps/rel_residual"][:] <= 1e-8)
print("resumed equals whole; max difference", rel)
PY
grep -q "resumed from the checkpoint" "$WORK/resume.out" 2>/dev/null || echo "note: nothing was resumed"

# Bad time options: one line each; steady families do not take them.
HEAT=("$SKR_GEN" generate --problem heat --grid 8 --samples 2 -q --out "$WORK/x.h5")
expect_error "t-final not a whole number of steps" "--t-final 0.205 is not a whole number" "${HEAT[@]}" --dt 0.01 --t-final 0.205
expect_error "record-every not dividing the steps" "--record-every 3" "${RUN[@]}" --samples 2 --record-every 3 --out "$WORK/x.h5"
expect_error "unknown scheme" "--time-scheme" "${RUN[@]}" --samples 2 --time-scheme rk4 --out "$WORK/x.h5"
expect_error "negative dt" "--dt -0.1: must be a number > 0" "${HEAT[@]}" --dt=-0.1
expect_error "estimate refuses trajectories" "time-dependent" "$SKR_GEN" estimate --problem heat --grid 8 --samples 4
expect_error "steady family refuses --dt" "dt" "$SKR_GEN" generate --problem darcy --grid 8 --samples 2 --dt 0.1 --out "$WORK/x.h5"
finish
