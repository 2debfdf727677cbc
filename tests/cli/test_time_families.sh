#!/usr/bin/env bash
# advdiff-t, darcy-t, diffreact end to end: a few tiny trajectories each
# through generate (default --solver auto, its time pilot), the trajectory
# line, two fields for diffreact, and the families' one-line errors.
# (The layout itself is checked on heat by test_time.sh.)
source "$(dirname "$0")/lib.sh"

for family in advdiff-t darcy-t diffreact; do
  "$SKR_GEN" generate --problem "$family" --grid 12 --samples 3 --seed 5 --dt 0.02 --t-final 0.1 \
    --out "$WORK/$family.h5" -q >"$WORK/$family.out" 2>&1 || fail "$family: generate failed: $(cat "$WORK/$family.out")"
  grep -q "trajectories: 5 steps of be" "$WORK/$family.out" || fail "$family: no trajectory line: $(cat "$WORK/$family.out")"
  [ -s "$WORK/$family.h5" ] || fail "$family: no file"
done
"$SKR_GEN" problems diffreact >"$WORK/problems.out" || fail "problems diffreact"
grep -q "u0, v0" "$WORK/problems.out" || fail "problems diffreact lacks its inputs: $(cat "$WORK/problems.out")"

G=("$SKR_GEN" generate --grid 8 --samples 2 --out "$WORK/bad.h5")
expect_error "advdiff-t bad scheme" "--scheme" "${G[@]}" --problem advdiff-t --scheme central
expect_error "advdiff-t bad period" "--period" "${G[@]}" --problem advdiff-t --period 0
expect_error "darcy-t bad coefficient" "--coeff" "${G[@]}" --problem darcy-t --coeff uniform
expect_error "diffreact not whole steps" "--t-final" "${G[@]}" --problem diffreact --dt 0.3 --t-final 1
expect_error "diffreact negative diffusion" "--du" "${G[@]}" --problem diffreact --du -1
finish
