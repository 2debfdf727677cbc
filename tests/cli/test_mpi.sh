#!/usr/bin/env bash
# MPI: -n 1, 2 and 3 ranks give the same dataset (inputs bit for bit,
# solutions within the tolerance, every sample exactly once, rows in sample
# order), the distributed Hilbert sort the serial order, and a killed 2-rank
# run resumes.
source "$(dirname "$0")/lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
command -v mpirun >/dev/null || { fail "mpirun not found (openmpi-bin)"; finish; }
RUN=(generate --problem darcy --samples 30 --grid 32 --seed 3 --solver gcrodr --pc ilu -q --checkpoint-samples 3)

"$SKR_GEN" "${RUN[@]}" --out "$WORK/serial.h5" >/dev/null
for n in 1 2 3; do
  mpirun --oversubscribe -n "$n" "$SKR_GEN" "${RUN[@]}" --out "$WORK/n$n.h5" >"$WORK/n$n.log" 2>&1 ||
    { fail "mpirun -n $n failed: $(tail -3 "$WORK/n$n.log")"; continue; }
done
"$PYTHON3" - "$WORK" <<'PY' || fail "multi-rank datasets differ"
import sys, h5py, numpy as np
w = sys.argv[1]
ref = h5py.File(f"{w}/serial.h5", "r")
u0 = ref["outputs/solution"][:].astype(float)
for n in (1, 2, 3):
    f = h5py.File(f"{w}/n{n}.h5", "r")
    assert f.attrs["complete"] == 1 and f.attrs["ranks"] == str(n), (n, f.attrs["ranks"])
    assert np.array_equal(ref["inputs/coeff"][:], f["inputs/coeff"][:]), n
    assert np.array_equal(ref["meta/seed"][:], f["meta/seed"][:]), n
    assert sorted(f["meta/solve_position"][:]) == list(range(30)), n
    assert np.all(f["stats/rel_residual"][:] <= 1e-8), n
    u = f["outputs/solution"][:].astype(float)
    rel = np.linalg.norm(u - u0) / np.linalg.norm(u0)
    assert rel < 1e-6, (n, rel)
    print(f"-n {n}: same inputs, solutions within {rel:.1e}")
PY

# Trajectories: every rank compresses its batches and rank 0 copies their
# chunks into the file; the frames and inputs are the serial run's.
HEAT=(generate --problem heat --grid 24 --samples 6 --seed 2 --t-final 0.02 --dt 0.005 -q --checkpoint-samples 1)
"$SKR_GEN" "${HEAT[@]}" --out "$WORK/heat1.h5" >/dev/null
if mpirun --oversubscribe -n 2 "$SKR_GEN" "${HEAT[@]}" --out "$WORK/heat2.h5" >"$WORK/heat2.log" 2>&1; then
  "$PYTHON3" - "$WORK" <<'PY' || fail "2-rank trajectories differ from the serial ones"
import sys, h5py, numpy as np
a, b = (h5py.File(f"{sys.argv[1]}/heat{n}.h5", "r") for n in (1, 2))
assert b.attrs["complete"] == 1 and b.attrs["ranks"] == "2"
for k in a["inputs"]:
    assert np.array_equal(a["inputs"][k][:], b["inputs"][k][:]), k
x, y = a["outputs/solution"][:], b["outputs/solution"][:]
assert x.shape == y.shape == (6, 5, 24, 24), (x.shape, y.shape)
assert np.linalg.norm(x - y) <= 1e-6 * np.linalg.norm(x)
assert b["outputs/solution"].compression == "gzip" and b["outputs/solution"].chunks[:2] == (1, 1)
print("-n 2 heat: same trajectories, compressed one frame per chunk")
PY
else
  fail "mpirun -n 2 heat failed: $(tail -3 "$WORK/heat2.log")"
fi

# The ranks draw and reduce their own shares of the features and sort them
# together (src/pipeline/distributed_sort.cpp): the order is the serial one.
HIL=(generate --problem darcy --samples 40 --grid 16 --seed 4 --sort hilbert --solver gcrodr --pc ilu -q)
"$SKR_GEN" "${HIL[@]}" --out "$WORK/hserial.h5" >"$WORK/hserial.log"
for n in 2 3; do
  mpirun --oversubscribe -n "$n" "$SKR_GEN" "${HIL[@]}" --out "$WORK/h$n.h5" >"$WORK/h$n.log" 2>&1 ||
    fail "hilbert mpirun -n $n failed: $(tail -3 "$WORK/h$n.log")"
  [ "$(grep '^sort:' "$WORK/h$n.log" | grep -o 'path length [^ ]*')" = "$(grep '^sort:' "$WORK/hserial.log" | grep -o 'path length [^ ]*')" ] ||
    fail "hilbert -n $n: $(grep '^sort:' "$WORK/h$n.log") against serial $(grep '^sort:' "$WORK/hserial.log")"
done
"$PYTHON3" - "$WORK" <<'PY' || fail "distributed hilbert sort: datasets differ"
import sys, h5py, numpy as np
w = sys.argv[1]
ref = h5py.File(f"{w}/hserial.h5", "r")
for n in (2, 3):
    f = h5py.File(f"{w}/h{n}.h5", "r")
    assert np.array_equal(ref["inputs/coeff"][:], f["inputs/coeff"][:]), n
    assert list(f["meta/seed"][:]) == list(ref["meta/seed"][:]), n  # rows in sample order
    assert np.array_equal(ref["meta/solve_position"][:], f["meta/solve_position"][:]), n
    u0, u = ref["outputs/solution"][:].astype(float), f["outputs/solution"][:].astype(float)
    rel = np.linalg.norm(u - u0) / np.linalg.norm(u0)
    assert rel < 1e-6, (n, rel)
    print(f"hilbert -n {n}: the serial solve order; solutions within {rel:.1e}")
PY

# A 2-rank run stopped mid-way resumes on 2 ranks to the serial dataset. The
# SIGTERM goes out once both ranks have a batch on disk (each is in its solve
# loop, its handler installed), so the machine's speed does not matter.
KILLED=(generate --problem darcy --samples 200 --grid 40 --seed 3 --solver gcrodr --pc none -q --checkpoint-samples 1)
"$SKR_GEN" "${KILLED[@]}" --out "$WORK/killed-serial.h5" >/dev/null
mpirun --oversubscribe -n 2 "$SKR_GEN" "${KILLED[@]}" --out "$WORK/killed.h5" >/dev/null 2>&1 &
pid=$!
batches() { ls "$WORK/killed.h5.partial"/batch-0000"$1"-* >/dev/null 2>&1; }
until { batches 0 && batches 1; } || ! kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
# To the ranks, as scancel does: mpirun itself does not forward SIGTERM.
ranks=$(pgrep -P "$pid" || true)
[ -n "$ranks" ] && kill -TERM $ranks 2>/dev/null || true
status=0
wait "$pid" 2>/dev/null || status=$?
[ "$status" -eq 143 ] && [ -e "$WORK/killed.h5.partial" ] && [ ! -e "$WORK/killed.h5" ] ||
  fail "the 2-rank run was not interrupted (exit $status)"
mpirun --oversubscribe -n 2 "$SKR_GEN" "${KILLED[@]}" --out "$WORK/killed.h5" --resume >/dev/null || fail "2-rank resume failed"
"$PYTHON3" - "$WORK" <<'PY' || fail "2-rank resume dataset"
import sys, h5py, numpy as np
w = sys.argv[1]
a, b = h5py.File(f"{w}/killed-serial.h5", "r"), h5py.File(f"{w}/killed.h5", "r")
assert b.attrs["complete"] == 1
assert np.array_equal(a["inputs/coeff"][:], b["inputs/coeff"][:])
assert sorted(b["meta/solve_position"][:]) == list(range(200))
ua, ub = a["outputs/solution"][:].astype(float), b["outputs/solution"][:].astype(float)
rel = np.linalg.norm(ua - ub, axis=(1, 2)) / np.linalg.norm(ua, axis=(1, 2))
assert rel.max() < 1e-6, rel.max()
print(f"2-rank interrupted run resumed to the serial dataset; solutions within {rel.max():.1e}")
PY
# --max-failures counts the failures of all ranks (8 failed samples over 2
# ranks exceed 4 even when neither rank alone has 5), and one error line
# reports it. The rank whose failure crosses the limit aborts the job; the
# other may still say that mpirun's SIGTERM interrupted it (it did, and its
# samples are saved), depending on how far it got before the kill.
status=0
mpirun --oversubscribe -n 2 "$SKR_GEN" generate --samples 8 --grid 8 -q --solver gmres --max-it 1 \
  --fallback none --max-failures 4 --out "$WORK/maxfail.h5" >/dev/null 2>"$WORK/maxfail.err" || status=$?
[ "$status" -ne 0 ] || fail "2-rank --max-failures 4 with 8 failed samples exited 0"
[ "$(grep -c '^skr-gen: error' "$WORK/maxfail.err")" -eq 1 ] || fail "max failures: not one error line: $(grep skr-gen "$WORK/maxfail.err")"
[ "$(grep '^skr-gen' "$WORK/maxfail.err" | grep -cv -e '^skr-gen: error' -e '^skr-gen: interrupted by signal 15')" -eq 0 ] ||
  fail "max failures: unexpected lines: $(grep skr-gen "$WORK/maxfail.err")"
grep -q "5 samples failed to converge, more than --max-failures 4" "$WORK/maxfail.err" ||
  fail "max failures: $(grep skr-gen "$WORK/maxfail.err")"
[ -e "$WORK/maxfail.h5" ] && fail "max failures: a complete-looking file was written"
finish
