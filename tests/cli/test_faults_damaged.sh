#!/usr/bin/env bash
# Fault injection: damaged and busy files (issue #22 items 1-3). A NaN
# solution marked converged, swapped or duplicated seeds, inputs that are no
# longer their seed's draw, a missing dataset, non-finite inputs, a file
# another process is writing: each is an error naming the sample or dataset,
# never a merged, validated or converted file.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
GEN=("$SKR_GEN" generate --grid 16 --samples 6 --solver cg --pc icc -q)
"${GEN[@]}" --seed 1 --out good.h5 >/dev/null
"${GEN[@]}" --seed 2 --out other.h5 >/dev/null
"$SKR_GEN" validate good.h5 >/dev/null || fail "a fresh file does not validate"

# damage FILE PYTHON: a copy of good.h5 as FILE, edited by PYTHON (f open r+).
damage() {
  cp good.h5 "$1"
  "$PYTHON3" -c "
import h5py, numpy as np
with h5py.File('$1', 'r+') as f:
$2"
}

# Item 2: merge, validate, inspect.
damage nan.h5 "    u = f['outputs/solution']; v = u[2]; v[3, 3] = np.nan; u[2] = v"
expect_error "merge: a NaN solution marked converged" "'nan.h5': sample 2 has NaN or inf outputs but stats/converged = 1" \
  "$SKR_GEN" merge other.h5 nan.h5 --out merged.h5
[ -e merged.h5 ] && fail "merge wrote a file with a NaN sample"

damage swapped.h5 "    s = f['meta/seed']; a = s[:]; a[[1, 3]] = a[[3, 1]]; s[:] = a"
damage duplicated.h5 "    s = f['meta/seed']; a = s[:]; a[4] = a[2]; s[:] = a"
damage moved.h5 "    # samples 0 and 5 swapped whole: each row is still its seed's draw
    for k in ('inputs/coeff', 'outputs/solution', 'meta/seed'):
        d = f[k]; a = d[:]; a[[0, 5]] = a[[5, 0]]; d[:] = a"
damage nudged.h5 "    c = f['inputs/coeff']; v = c[4]; v[1, 1] = np.nextafter(v[1, 1], np.float32(10)); c[4] = v"
for case in "swapped:sample 1 FAILED: meta/seed" "duplicated:samples 2 and 4 have the same meta/seed" \
  "moved:sample 0 FAILED: meta/seed" "nudged:sample 4 FAILED: input 'coeff' differs from a re-draw"; do
  file=${case%%:*}.h5 text=${case#*:}
  status=0
  "$SKR_GEN" validate "$file" >/dev/null 2>err || status=$?
  [ "$status" -eq 1 ] || fail "validate $file: exit $status, expected 1"
  grep -qF "$text" err || fail "validate $file: stderr lacks '$text': $(cat err)"
done
"$SKR_GEN" validate good.h5 --fraction 0.5 --threads 2 >out || fail "validate --fraction"
grep -q "^validated [1-5] samples" out || fail "validate --fraction 0.5 checked $(cat out)"

damage nosolution.h5 "    del f['outputs/solution']"
expect_error "inspect: missing outputs/solution" "missing dataset 'outputs/solution'" "$SKR_GEN" inspect nosolution.h5

# Item 3: non-finite inputs never reach a training file; validate names them.
damage infinput.h5 "    c = f['inputs/coeff']; v = c[1]; v[0, 0] = np.inf; c[1] = v"
for layout in pdebench neuralop; do
  expect_error "convert --layout $layout: an inf input" "sample 1's input 'coeff' holds inf (cell 0)" \
    "$SKR_GEN" convert --in infinput.h5 --out "inf_$layout.hdf5" --layout $layout --drop-failed
done
status=0
"$SKR_GEN" validate infinput.h5 >/dev/null 2>err || status=$?
grep -qF "sample 1 FAILED: input 'coeff' holds inf (cell 0)" err || fail "validate: $(cat err)"
grep -q "nan" err && fail "validate speaks of NaN tolerances: $(cat err)"
"$SKR_GEN" generate --problem thermal --grid 20x32 --samples 3 -q --out thermal.h5 >/dev/null
"$SKR_GEN" convert --in thermal.h5 --out thermal_nl.h5 --layout neuralop >/dev/null || fail "thermal's masked NaN refused"
cp thermal.h5 thermal_nan.h5
"$PYTHON3" -c "
import h5py, numpy as np
with h5py.File('thermal_nan.h5', 'r+') as f:
    t = f['inputs/t_left']; a = t[:]; a[2] = np.nan; t[:] = a"
expect_error "convert: a NaN input scalar" "sample 2's input 't_left' is NaN" \
  "$SKR_GEN" convert --in thermal_nan.h5 --out thermal_nan_fno.mat --layout fno

# Item 1: a file another process is writing (HDF5 holds its lock) is "in
# use", not corrupt; readers together are fine.
hold() { # FILE MODE: h5py holds FILE open until killed
  "$PYTHON3" -c "
import h5py, sys, time
f = h5py.File(sys.argv[1], sys.argv[2]); print('open', flush=True); time.sleep(60)" "$1" "$2" >held &
  holder=$!
  for _ in $(seq 1 500); do grep -q open held 2>/dev/null && break; sleep 0.01; done
}
release() { kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; }
cp good.h5 busy.h5
hold busy.h5 r+
expect_error "inspect a file being written" "'busy.h5' is in use by another process" "$SKR_GEN" inspect busy.h5
expect_error "convert a file being written" "'busy.h5' is in use by another process" \
  "$SKR_GEN" convert --in busy.h5 --out busy_nl.h5 --layout neuralop
release
hold busy.h5 r
"$SKR_GEN" inspect busy.h5 >/dev/null || fail "inspect beside a reader"
"$SKR_GEN" generate --grid 16 --samples 6 --solver cg --pc icc -q --seed 4 --out busy.h5 --overwrite >/dev/null ||
  fail "generate --overwrite of a file a reader holds open"
release
"$SKR_GEN" validate busy.h5 >/dev/null || fail "the replaced file does not validate"
finish
