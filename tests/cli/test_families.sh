#!/usr/bin/env bash
# End-to-end: every PDE family generates a small dataset with GMRES + ILU
# (independent of the recycling solver), and the file has the expected
# inputs/outputs with the right shapes, no NaN (except thermal's masked slot,
# which must be NaN exactly where mask == 0), true residuals <= rtol, and
# skr-gen validate accepts it.
source "$(dirname "$0")/lib.sh"
tmp=$WORK

# family | extra options | expected grid shape | input fields | input scalars (space separated)
cases=(
  "darcy|--grid 16|16,16|coeff|"
  "darcy3d|--grid 8|8,8,8|coeff|"
  "helmholtz|--grid 32 --k-min 4 --k-max 8|32,32|coeff|wavenumber"
  "poisson|--grid 16 --degree 2|16,16|source|bc_left_c0 bc_left_c2 bc_right_c1 bc_bottom_c0 bc_top_c2"
  "advdiff|--grid 16|16,16|stream velocity_x velocity_y|"
  "thermal|--grid 20|20,32|mask|t_left t_right"
)

for entry in "${cases[@]}"; do
  IFS='|' read -r problem options shape fields scalars <<<"$entry"
  out="$tmp/$problem.h5"
  # shellcheck disable=SC2086
  if ! "$SKR_GEN" generate --problem "$problem" $options --samples 3 --out "$out" --solver gmres \
      --pc ilu --sort none -q >"$tmp/$problem.log" 2>&1; then
    fail "skr-gen generate --problem $problem $options exited non-zero:"
    cat "$tmp/$problem.log" >&2
    continue
  fi
  "$PYTHON3" - "$out" "$problem" "$shape" "$fields" "$scalars" <<'PY' || fail "$problem: the file's checks"
import sys
import h5py
import numpy as np

path, problem, shape, fields, scalars = sys.argv[1:]
shape = tuple(int(s) for s in shape.split(","))
errors = []
with h5py.File(path, "r") as f:
    n = 3
    for name in fields.split():
        data = f["inputs/" + name][...]
        if data.shape != (n,) + shape:
            errors.append(f"inputs/{name} has shape {data.shape}, expected {(n,) + shape}")
        elif not np.all(np.isfinite(data)):
            errors.append(f"inputs/{name} has NaN/inf")
    for name in scalars.split():
        data = f["inputs/" + name][...]
        if data.shape != (n,) or not np.all(np.isfinite(data)):
            errors.append(f"inputs/{name}: shape {data.shape} or values {data} wrong")
    solution = f["outputs/solution"][...]
    if solution.shape != (n,) + shape:
        errors.append(f"outputs/solution has shape {solution.shape}, expected {(n,) + shape}")
    elif problem == "thermal":
        outside = f["inputs/mask"][...] == 0
        if not outside.any() or not np.all(np.isnan(solution[outside])):
            errors.append("thermal: solution is not NaN exactly in the slot")
        if not np.all(np.isfinite(solution[~outside])):
            errors.append("thermal: solution has NaN in the plate")
        lo, hi = f["inputs/t_left"][...], f["inputs/t_right"][...]
        for i in range(n):
            t = solution[i][~outside[i]]
            if t.min() < lo[i] - 1e-3 or t.max() > hi[i] + 1e-3:
                errors.append(f"thermal: sample {i} breaks the maximum principle")
    elif not np.all(np.isfinite(solution)):
        errors.append("outputs/solution has NaN/inf")
    elif np.abs(solution).max() == 0:
        errors.append("outputs/solution is all zero")
    rtol = float(f.attrs["rtol"])
    residual = f["stats/rel_residual"][...]
    if residual.shape != (n,) or not np.all(residual <= rtol):
        errors.append(f"stats/rel_residual {residual} exceeds rtol {rtol}")
    if not np.all(f["stats/converged"][...] == 1):
        errors.append("not every sample converged")
    if f.attrs["problem"] != problem and f.attrs["problem"] != problem.encode():
        errors.append(f"problem attribute is {f.attrs['problem']!r}")
if errors:
    print(f"FAIL {problem}: " + "; ".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"ok {problem}")
PY
  # skr-gen validate re-assembles every stored sample and checks its residual
  # (thermal: the slot's NaN are the decoupled rows' zeros).
  "$SKR_GEN" validate "$out" >"$tmp/$problem.val" 2>&1 ||
    { cat "$tmp/$problem.val" >&2; fail "validate rejects the $problem file"; }
done

# Every family ships a preset that is accepted as it stands: built with a tiny
# sample count and at most one iteration (exit 3 = "did not converge" is fine,
# exit 1 = a bad option or value is not).
declare -A tiny=([darcy]=16 [darcy3d]=8 [helmholtz]=16 [poisson]=16 [advdiff]=16 [thermal]=20 [ns2d]=16)
# Time-dependent presets run long trajectories: a few steps on a small solve grid.
declare -A short=([ns2d]="--solve-grid 32 --dt 0.01 --t-final 0.02 --record-every 1")
for family in "${!tiny[@]}"; do
  [ -e "${SKR_SOURCE_DIR:?}/problems/presets/$family.ini" ] || fail "no preset for $family"
done
for preset in "${SKR_SOURCE_DIR:?}"/problems/presets/*.ini; do
  name=$(basename "$preset" .ini)
  family=$(sed -n 's/^problem *= *//p' "$preset")
  status=0
  "$SKR_GEN" generate --preset "$name" --samples 1 --grid "${tiny[$family]:?no tiny grid for $family ($preset)}" \
    ${short[$family]:-} --max-it 1 --out "$tmp/preset-$name.h5" -q >"$tmp/preset.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    fail "preset $preset is not accepted (exit $status):"
    cat "$tmp/preset.log" >&2
  fi
done
finish
