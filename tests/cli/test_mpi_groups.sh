#!/usr/bin/env bash
# MPI --ranks-per-system: groups of ranks solving each system on a distributed
# DMDA give the serial dataset (inputs bit for bit, solutions within the
# tolerance, every sample exactly once); a group size that does not divide the
# ranks is one clear error.
source "$(dirname "$0")/lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
command -v mpirun >/dev/null || { fail "mpirun not found (openmpi-bin)"; finish; }
MPI=(mpirun --oversubscribe)

# 2-D darcy (ILU becomes block Jacobi), 3-D darcy (ICC too), and a forced
# direct fallback (parallel LU through PETSc's MUMPS).
DARCY=(--problem darcy --samples 12 --grid 32 --seed 3 --precision double --solver gcrodr --pc ilu -q --checkpoint-samples 3)
DARCY3D=(--problem darcy3d --samples 6 --grid 12 --seed 5 --precision double --solver cg --pc icc -q)
FORCED=(--problem darcy --samples 4 --grid 16 --seed 7 --precision double --solver gmres --pc none --max-it 2 --fallback direct -q)
run() { # name ranks R options...
  local name=$1 n=$2 r=$3
  shift 3
  "${MPI[@]}" -n "$n" "$SKR_GEN" generate "$@" --ranks-per-system "$r" --out "$WORK/$name.h5" \
    >"$WORK/$name.log" 2>&1 || fail "$name: mpirun -n $n --ranks-per-system $r failed: $(tail -3 "$WORK/$name.log")"
}
"$SKR_GEN" generate "${DARCY[@]}" --out "$WORK/darcy.h5" >/dev/null
"$SKR_GEN" generate "${DARCY3D[@]}" --out "$WORK/darcy3d.h5" >/dev/null
"$SKR_GEN" generate "${FORCED[@]}" --out "$WORK/forced.h5" >/dev/null
run darcy-n2r2 2 2 "${DARCY[@]}"
run darcy-n4r2 4 2 "${DARCY[@]}"
run darcy3d-n2r2 2 2 "${DARCY3D[@]}"
run forced-n2r2 2 2 "${FORCED[@]}"
# Geometric multigrid on a distributed grid of odd size (its interpolation
# follows the DMDA's ownership): every sample converges without a fallback.
run mg-n2r2 2 2 --problem darcy --samples 3 --grid 21 --solver cg --pc mg --fallback none -q

"$PYTHON3" - "$WORK" <<'PY' || fail "grouped datasets differ from the serial ones"
import sys, h5py, numpy as np
w = sys.argv[1]
for name, ref, ranks in (("darcy-n2r2", "darcy", 2), ("darcy-n4r2", "darcy", 4),
                         ("darcy3d-n2r2", "darcy3d", 2), ("forced-n2r2", "forced", 2)):
    a, b = h5py.File(f"{w}/{ref}.h5", "r"), h5py.File(f"{w}/{name}.h5", "r")
    n = len(a["meta/seed"])
    assert b.attrs["complete"] == 1 and b.attrs["ranks"] == str(ranks), (name, b.attrs["ranks"])
    assert b.attrs["ranks_per_system"] == "2", name
    assert np.array_equal(a["inputs/coeff"][:], b["inputs/coeff"][:]), name
    assert np.array_equal(a["meta/seed"][:], b["meta/seed"][:]), name
    assert sorted(b["meta/solve_position"][:]) == list(range(n)), name
    assert np.all(b["stats/converged"][:] == 1) and np.all(b["stats/rel_residual"][:] <= 1e-8), name
    u0, u = a["outputs/solution"][:].astype(float), b["outputs/solution"][:].astype(float)
    rel = np.linalg.norm(u - u0) / np.linalg.norm(u0)
    assert rel < 1e-6, (name, rel)
    extra = f", fallbacks {sorted(set(b['stats/fallback'][:]))}" if name.startswith("forced") else ""
    print(f"{name}: same inputs, solutions within {rel:.1e}{extra}")
PY
grep -q "solver gcrodr + bjacobi" "$WORK/darcy-n2r2.log" || fail "ILU did not become block Jacobi: $(cat "$WORK/darcy-n2r2.log")"

# SIGTERM to every rank of a 4-rank, 2-group run: each group stops together
# after a checkpoint (exit 143, no hang), and --resume completes the dataset.
# (mpirun ends the job at the first exit, so not every rank gets to print.)
SLOW=(--problem darcy --samples 40 --grid 40 --seed 3 --solver gcrodr --pc none -q --checkpoint-samples 1
  --ranks-per-system 2 --out "$WORK/killed.h5")
"${MPI[@]}" -n 4 "$SKR_GEN" generate "${SLOW[@]}" >/dev/null 2>"$WORK/killed.err" &
pid=$!
# Once a batch is on disk every rank is in the solve loop, its signal handler installed.
for _ in $(seq 100); do
  ls "$WORK/killed.h5.partial"/batch-* >/dev/null 2>&1 && break
  sleep 0.05
done
ranks=$(pgrep -P "$pid" || true)
[ -n "$ranks" ] && kill -TERM $ranks 2>/dev/null || true
status=0
wait "$pid" || status=$?
if [ -e "$WORK/killed.h5.partial" ]; then
  [ "$status" -eq 143 ] && grep -q '^skr-gen: interrupted by signal 15' "$WORK/killed.err" &&
    ! grep -q '^skr-gen: error' "$WORK/killed.err" ||
    fail "interrupted grouped run: exit $status, $(cat "$WORK/killed.err")"
  "${MPI[@]}" -n 4 "$SKR_GEN" generate "${SLOW[@]}" --resume >/dev/null || fail "grouped resume failed"
fi
"$PYTHON3" -c "
import h5py, numpy as np
f = h5py.File('$WORK/killed.h5')
assert f.attrs['complete'] == 1
assert sorted(f['meta/solve_position'][:]) == list(range(40))
assert np.all(f['stats/converged'][:] == 1) and np.all(f['stats/rel_residual'][:] <= 1e-8)
print('interrupted 2-group run (exit $status) resumed to a complete dataset')
" || fail "grouped interrupted run did not resume to a complete dataset"

# 3 ranks cannot form groups of 2: one error line from skr-gen, non-zero exit.
status=0
"${MPI[@]}" -n 3 "$SKR_GEN" generate "${DARCY[@]}" --ranks-per-system 2 --out "$WORK/bad.h5" \
  >/dev/null 2>"$WORK/bad.err" || status=$?
lines=$(grep '^skr-gen' "$WORK/bad.err" || true)
if [ "$status" -eq 0 ]; then
  fail "--ranks-per-system 2 on 3 ranks: exit 0"
elif [ "$lines" != "skr-gen: error: --ranks-per-system 2 does not divide the 3 ranks" ]; then
  fail "--ranks-per-system 2 on 3 ranks: stderr: $(cat "$WORK/bad.err")"
elif [ -e "$WORK/bad.h5.partial" ] || [ -e "$WORK/bad.h5" ]; then
  fail "--ranks-per-system 2 on 3 ranks left output behind"
else
  echo "ok: -n 3 --ranks-per-system 2 -> $lines"
fi
expect_error "--ranks-per-system 0" "--ranks-per-system: 0 is outside [1, 2147483647]" \
  "$SKR_GEN" generate --samples 2 --grid 8 --ranks-per-system 0 --out "$WORK/zero.h5"
finish
