#!/usr/bin/env bash
# The overlap (draws ahead, batches written by a background thread,
# trajectories compressed in their batches and copied chunk by chunk at
# assembly) changes no value: files written with --threads 1 (no overlap)
# and --threads 2 hold identical datasets, bit for bit, for a steady family
# and a time-dependent one, over several checkpoints; the final file's
# trajectory frames are compressed as before.
source "$(dirname "$0")/lib.sh"

compare() { # compare WHAT A B: every dataset equal but the measured times
  "$PYTHON3" - "$2" "$3" <<'PY' || fail "$1: files differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
other = []
b.visititems(lambda n, o: other.append(n) if isinstance(o, h5py.Dataset) else None)
assert sorted(names) == sorted(other), (names, other)
for n in names:
    if n.endswith("solve_seconds"):
        continue
    x, y = a[n][()], b[n][()]
    assert x.dtype == y.dtype and x.shape == y.shape, n
    assert x.tobytes() == y.tobytes(), f"{n} differs"
    assert a[n].compression == b[n].compression, n
assert a.attrs["complete"] == 1 and b.attrs["complete"] == 1
print(f"{len(names)} datasets identical")
PY
}

for threads in 1 2; do
  "$SKR_GEN" generate --problem darcy --grid 16 --samples 12 --checkpoint-samples 5 -q \
    --threads "$threads" --out "$WORK/darcy-$threads.h5" || fail "darcy --threads $threads failed"
  "$SKR_GEN" generate --problem heat --grid 12 --samples 5 --dt 0.05 --t-final 0.3 \
    --checkpoint-samples 14 -q --threads "$threads" --out "$WORK/heat-$threads.h5" ||
    fail "heat --threads $threads failed"
done
compare "darcy, --threads 1 against 2" "$WORK/darcy-1.h5" "$WORK/darcy-2.h5" && echo "ok: darcy"
compare "heat, --threads 1 against 2" "$WORK/heat-1.h5" "$WORK/heat-2.h5" && echo "ok: heat"
"$PYTHON3" -c "
import sys, h5py
f = h5py.File(sys.argv[1], 'r')
assert f['outputs/solution'].compression == 'gzip', f['outputs/solution'].compression
assert f['outputs/solution'].chunks[:2] == (1, 1)
" "$WORK/heat-2.h5" || fail "heat: frames not stored compressed, one frame per chunk"
finish
