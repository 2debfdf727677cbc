#!/usr/bin/env bash
# --shard i/K + merge: three shards of one run (one of them on 2 MPI ranks),
# merged in any order, give the unsharded run's
# dataset: inputs, seeds and solve positions bit for bit, solutions within
# the tolerance, no /meta/index left. Incomplete or mixed shards are refused.
source "$(dirname "$0")/lib.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
RUN=(generate --problem darcy --samples 31 --grid 24 --seed 5 --solver gcrodr --pc ilu -q)

"$SKR_GEN" "${RUN[@]}" --out "$WORK/full.h5" >/dev/null || fail "unsharded run"
"$SKR_GEN" "${RUN[@]}" --shard 0/3 --out "$WORK/s0.h5" >/dev/null || fail "shard 0/3"
if command -v mpirun >/dev/null; then
  mpirun --oversubscribe -n 2 "$SKR_GEN" "${RUN[@]}" --shard 1/3 --out "$WORK/s1.h5" >/dev/null ||
    fail "shard 1/3 on 2 ranks"
else
  "$SKR_GEN" "${RUN[@]}" --shard 1/3 --out "$WORK/s1.h5" >/dev/null || fail "shard 1/3"
fi
"$SKR_GEN" "${RUN[@]}" --shard 2/3 --out "$WORK/s2.h5" >/dev/null || fail "shard 2/3"

"$SKR_GEN" merge "$WORK/s2.h5" "$WORK/s0.h5" "$WORK/s1.h5" --out "$WORK/merged.h5" >/dev/null ||
  fail "merge of the shards"
"$PYTHON3" - "$WORK" <<'PY' || fail "merged shards differ from the unsharded run"
import sys, h5py, numpy as np
w = sys.argv[1]
full, merged = h5py.File(f"{w}/full.h5", "r"), h5py.File(f"{w}/merged.h5", "r")
sizes = [h5py.File(f"{w}/s{i}.h5", "r")["meta/seed"].shape[0] for i in range(3)]
assert sizes == [10, 10, 11], sizes
s1 = h5py.File(f"{w}/s1.h5", "r")
assert s1.attrs["shard"] == "1/3" and list(s1["meta/index"][:]) == sorted(s1["meta/index"][:])
assert np.all(np.sort(s1["meta/solve_position"][:]) == np.arange(10, 20))
for key in ("inputs/coeff", "meta/seed", "meta/solve_position"):
    assert np.array_equal(full[key][:], merged[key][:]), key
assert "index" not in merged["meta"] and "shard" not in merged.attrs
assert merged.attrs["complete"] == 1 and merged["meta/seed"].shape[0] == 31
assert np.all(merged["stats/rel_residual"][:] <= 1e-8)
u0, u = full["outputs/solution"][:].astype(float), merged["outputs/solution"][:].astype(float)
rel = np.linalg.norm(u - u0) / np.linalg.norm(u0)
assert rel < 1e-6, rel
print(f"3 shards merged = the unsharded run: inputs identical, solutions within {rel:.1e}")
PY

expect_error "missing shard" "shard 1 of 3 missing" \
  "$SKR_GEN" merge "$WORK/s0.h5" "$WORK/s2.h5" --out "$WORK/m.h5"
expect_error "shard given with a whole run" "are not shards of one run" \
  "$SKR_GEN" merge "$WORK/s0.h5" "$WORK/full.h5" --out "$WORK/m.h5"
"$SKR_GEN" "${RUN[@]}" --shard 0/2 --out "$WORK/t0.h5" >/dev/null
expect_error "shards of different splits" "are not shards of one run" \
  "$SKR_GEN" merge "$WORK/s0.h5" "$WORK/t0.h5" --out "$WORK/m.h5"
expect_error "bad shard" "--shard '3/3': expected i/K" "$SKR_GEN" "${RUN[@]}" --shard 3/3 --out "$WORK/x.h5"
expect_error "bad shard text" "--shard 'a/b': expected i/K" "$SKR_GEN" "${RUN[@]}" --shard a/b --out "$WORK/x.h5"
expect_error "more shards than samples" "more shards than the 31 samples" \
  "$SKR_GEN" "${RUN[@]}" --shard 0/40 --out "$WORK/x.h5"
[ ! -e "$WORK/m.h5" ] || fail "a refused merge left its output"
finish
