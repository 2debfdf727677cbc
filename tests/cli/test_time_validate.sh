#!/usr/bin/env bash
# validate on trajectories (heat, grid 16): each trajectory is re-run from its
# stored seed with LU at every step and every recorded frame is compared
# within the stored tolerance (io/validate.hpp); a damaged frame is named.
# Needs the time-aware dataset reader (td-exports' part of issue 24): with a
# reader that does not yet know /stats/steps it is skipped (77), not passed.
source "$(dirname "$0")/lib.sh"
"$SKR_GEN" generate --problem heat --grid 16 --seed 3 --dt 0.02 --t-final 0.2 --samples 6 \
  --record-every 2 --time-scheme bdf2 --solver gcrodr --pc ilu -q --out "$WORK/heat.h5" >/dev/null
"$SKR_GEN" validate "$WORK/heat.h5" >"$WORK/probe" 2>&1 || true
if grep -q "missing dataset 'stats/steps'" "$WORK/probe"; then
  echo "SKIP: this build's dataset reader does not read time-dependent files yet"
  exit 77
fi
"$SKR_GEN" validate "$WORK/heat.h5" >"$WORK/val.out" || fail "validate: $(cat "$WORK/val.out")"
grep -q "validated 6 samples" "$WORK/val.out" || fail "validate output: $(cat "$WORK/val.out")"
"$SKR_GEN" validate "$WORK/heat.h5" --fraction 0.5 >/dev/null || fail "validate --fraction"
# A damaged frame is caught.
cp "$WORK/heat.h5" "$WORK/bad.h5"
"$PYTHON3" -c "
import h5py; f = h5py.File('$WORK/bad.h5', 'r+'); d = f['outputs/solution']; d[2, 4] = d[2, 4] * 1.01"
status=0
"$SKR_GEN" validate "$WORK/bad.h5" >/dev/null 2>"$WORK/bad.err" || status=$?
[ "$status" -eq 1 ] || fail "validate of a damaged frame: exit $status"
grep -q "sample 2 FAILED: frame difference (frame 4)" "$WORK/bad.err" || fail "damaged frame: $(cat "$WORK/bad.err")"

finish
