#!/usr/bin/env bash
# burgers2d step-size refinement study of a smooth case (issue 25): one GRF
# trajectory (seed 1, 64^2, nu 1e-2, upwind, t = 0.5) with dt halved four
# times, backward Euler and BDF2, in double precision; the differences of the
# final frames of successive dts give the observed temporal orders (1 and 2
# expected). Also prints each run's Newton steps' total linear iterations.
#
#   scripts/burgers2d_refinement.sh            # GRID=64 NU=1e-2 by default
#   GRID=128 NU=1e-3 scripts/burgers2d_refinement.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
grid=${GRID:-64}
nu=${NU:-1e-2}
py=${PYTHON3:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[[ -x $bin ]] || { echo "burgers2d_refinement: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
for scheme in be bdf2; do
  files=()
  for dt in 0.02 0.01 0.005 0.0025 0.00125; do
    steps=$("$py" -c "print(round(0.5 / $dt))")
    out="$work/$scheme-$dt.h5"
    "$bin" generate --problem burgers2d --grid "$grid" --viscosity "$nu" --samples 1 --seed 1 \
      --time-scheme "$scheme" --dt "$dt" --t-final 0.5 --record-every "$steps" --precision double \
      --out "$out" -q >/dev/null
    files+=("$dt=$out")
  done
  "$py" - "$scheme" "${files[@]}" <<'PY'
import sys, h5py, numpy as np
scheme, runs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
finals, its = [], []
for dt, path in runs:
    with h5py.File(path) as f:
        finals.append(np.stack([f["outputs/u"][0, -1], f["outputs/v"][0, -1]]))
        its.append(int(f["stats/steps/iterations"][:].sum()))
        assert (f["stats/converged"][:] == 1).all(), f"{path}: a step did not converge"
print(f"{scheme}: dt, max |U_dt - U_dt/2|, observed order, linear iterations of all steps")
prev = None
for k in range(len(runs) - 1):
    d = np.abs(finals[k] - finals[k + 1]).max()
    order = "" if prev is None else f"{np.log2(prev / d):.3f}"
    print(f"  {runs[k][0]:>8}  {d:.3e}  {order:>6}  {its[k]}")
    prev = d
PY
done
