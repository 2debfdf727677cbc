#!/usr/bin/env bash
# ns2d against FNO's algorithm in PyTorch (scripts/python/ns2d_torch.py), side
# by side on the same cores and in the same precision (float64): time per step
# of a batch of trajectories at the solve grid, over a fixed window of steps.
#   skr-gen: P MPI ranks, one thread each, trajectories dealt out over ranks;
#            per-step time from /stats/solve_seconds (the stepping alone) and
#            from the wall clock of the whole command.
#   torch:   one process, torch.set_num_threads(P), the batch advanced together.
# usage: scripts/bench_ns2d.sh [BATCH=20] [STEPS=2000] [N=256] [P=2]
# Env: SKR_GEN (default build/skr-gen), PYTHON3 (default /usr/bin/python3).
set -euo pipefail
BATCH=${1:-20} STEPS=${2:-2000} N=${3:-256} P=${4:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
SKR_GEN=${SKR_GEN:-$HERE/../build/skr-gen}
PYTHON3=${PYTHON3:-/usr/bin/python3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t_final=$("$PYTHON3" -c "print(repr($STEPS * 1e-4))")

echo "== skr-gen: $BATCH trajectories x $STEPS steps at ${N}^2, $P ranks x 1 thread, float64"
start=$(date +%s.%N)
mpirun --oversubscribe -n "$P" "$SKR_GEN" generate --problem ns2d --samples "$BATCH" --grid $((N / 4)) \
  --solve-grid "$N" --dt 1e-4 --t-final "$t_final" --record-every "$STEPS" --threads 1 --precision double \
  --out "$work/ns.h5" -q
end=$(date +%s.%N)
"$PYTHON3" - "$work/ns.h5" "$BATCH" "$STEPS" "$P" "$start" "$end" <<'PY'
import sys, h5py
path, batch, steps, p, start, end = sys.argv[1], *map(int, sys.argv[2:5]), *map(float, sys.argv[5:7])
with h5py.File(path, "r") as f:
    seconds = f["stats/solve_seconds"][...].sum()
per_trajectory_step = seconds / (batch * steps)
print(f"skr-gen: stepping {seconds:.2f} core-s: {per_trajectory_step * 1e6:.1f} us per trajectory step, "
      f"{per_trajectory_step * batch / p * 1e3:.3f} ms per batch step on {p} cores; "
      f"wall {end - start:.2f} s for the command ({(end - start) / steps * 1e3:.3f} ms per batch step)")
PY

echo "== torch: the same batch, $P threads, float64"
"$PYTHON3" "$HERE/python/ns2d_torch.py" --n "$N" --batch "$BATCH" --steps "$STEPS" --threads "$P" --precision float64
