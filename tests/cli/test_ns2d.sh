#!/usr/bin/env bash
# ns2d end to end (tiny): `problems ns2d` says there is no Krylov solver; a
# 2-trajectory double-precision file on a 32^2 grid (solve grid = stored grid,
# dt 1e-3 up to t = 1) has the trajectory layout and agrees with the numpy
# reference of FNO's algorithm (scripts/python/ns2d_reference.py) to 1e-6
# relative at every recorded frame; bad options are one-line errors; a
# 13-frame file exported to pdebench, fno (.mat, as the fno_ns presets write
# it) and well is read and trained on as those trainers do
# (tests/cli/check_trainers.py --time). Exit 77 (skipped) without numpy /
# h5py for the comparison or torch for the training step.
source "$(dirname "$0")/lib.sh"
SRC=$(cd "${SKR_SOURCE_DIR:-$(dirname "$0")/../..}" && pwd)

"$SKR_GEN" problems ns2d >"$WORK/problems.txt"
grep -qi "no Krylov solver" "$WORK/problems.txt" || fail "problems ns2d does not say there is no Krylov solver"

expect_error "time scheme other than cn" "--time-scheme must be cn" \
  "$SKR_GEN" generate --problem ns2d --grid 16 --solve-grid 16 --dt 1e-3 --t-final 0.01 --time-scheme be --samples 1 --out "$WORK/bad.h5" -q
expect_error "stored grid not dividing the solve grid" "must divide --solve-grid" \
  "$SKR_GEN" generate --problem ns2d --grid 24 --solve-grid 32 --samples 1 --out "$WORK/bad.h5" -q

"$SKR_GEN" generate --problem ns2d --grid 32 --solve-grid 32 --dt 1e-3 --t-final 1 --record-every 250 \
  --samples 2 --precision double --out "$WORK/ns.h5" -q

status=0
"$PYTHON3" "$SRC/scripts/python/ns2d_reference.py" compare "$WORK/ns.h5" --tolerance 1e-6 --t-max 1 \
  >"$WORK/compare.txt" 2>&1 || status=$?
cat "$WORK/compare.txt"
if [ "$status" -eq 77 ]; then echo "skipped: numpy / h5py missing for the reference comparison"; exit 77; fi
[ "$status" -eq 0 ] || fail "ns2d differs from the numpy reference of FNO's algorithm"
grep -q "t=1:" "$WORK/compare.txt" || fail "the comparison did not reach t = 1"

# The trainer layouts: PDEBench's reader needs more than 10 frames, The Well's 5.
cd "$WORK"
"$SKR_GEN" generate --problem ns2d --grid 16 --solve-grid 16 --dt 0.01 --t-final 0.12 --record-every 1 \
  --samples 4 --out ns16.h5 -q || fail "generate the 13-frame file"
"$SKR_GEN" convert --in ns16.h5 --layout pdebench --out ns16_pdebench.h5 >/dev/null || fail "pdebench"
"$SKR_GEN" convert --in ns16.h5 --layout fno --out ns16.mat >/dev/null || fail "fno"
"$SKR_GEN" convert --in ns16.h5 --layout well --out ns16_well --split train=0.75,test=0.25 >/dev/null || fail "well"
status=0
"$PYTHON3" "$SRC/tests/cli/check_trainers.py" --time ns16 || status=$?
[ "$status" -eq 77 ] && { finish; exit 77; }
[ "$status" -eq 0 ] || fail "check_trainers.py --time ns16"
finish
