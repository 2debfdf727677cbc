#!/usr/bin/env bash
# The overlap against an earlier binary (issue 26 item 2, issue 24's
# throughput target): `generate --timing` on each family with two binaries,
# interleaved (before, after, before, after, ...: the machine's load hits
# both alike), printing per run the wall time, the sum of the solve times
# (the run's "solve time: total"), their ratio, the writes (checkpoint +
# final assembly on the main thread) and the per-phase table.
#
#   scripts/bench_overlap.sh BEFORE AFTER [family...]   # families: see below
#   ROUNDS=3 MPI=2 scripts/bench_overlap.sh ...         # 3 rounds, mpirun -n 2
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: bench_overlap.sh BEFORE AFTER [family...]" >&2; exit 2; }
before=$1 after=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"

declare -A runs=(
  [darcy]="--problem darcy --grid 128 --samples 200 --solver preonly --pc cholesky --sort none"
  [helmholtz]="--problem helmholtz --grid 128 --samples 200"
  [darcy3d]="--problem darcy3d --samples 100"
  [thermal]="--problem thermal --samples 200"
  [poisson]="--problem poisson --samples 200"
  [heat]="--problem heat --grid 128 --samples 100 --dt 0.01 --t-final 0.99"
)
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(darcy helmholtz darcy3d thermal poisson heat)
launch=()
[ -z "${MPI:-}" ] || launch=(mpirun --oversubscribe -n "$MPI")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

for family in "${families[@]}"; do
  [ -n "${runs[$family]:-}" ] || { echo "bench_overlap: unknown family '$family'" >&2; exit 1; }
  read -ra args <<<"${runs[$family]}"
  # Fills the --solver auto cache, so that every timed run starts from its
  # remembered winner (each binary's: a cache of another version is ignored).
  for bin in "$before" "$after"; do
    "${launch[@]}" "$bin" generate "${args[@]}" -q --overwrite --out "$work/warm.h5" >/dev/null
  done
  for round in $(seq "${ROUNDS:-2}"); do
    for which in before after; do
      bin=$before
      [ "$which" = before ] || bin=$after
      echo "== $family ($which, round $round, load $(cut -d' ' -f1-3 /proc/loadavg)): ${runs[$family]}"
      "${launch[@]}" "$bin" generate "${args[@]}" -q --overwrite --timing --out "$work/$family.h5" \
        >"$work/log"
      awk '/solve time:/ { for (i = 1; i <= NF; ++i) if ($i == "total") solve = $(i + 1) }
           /^timing: wall/ { wall = $3 }
           /^  checkpoint write/ || /^  final assembly/ { writes += $3 }
           END { printf "wall %.3f s | solves %.3f s | wall/solves %.2f | writes on the main thread %.3f s\n",
                 wall, solve, wall / solve, writes }' "$work/log"
      sed -n '/^timing:/,$p' "$work/log"
      echo "file size: $(stat -c %s "$work/$family.h5") bytes"
    done
  done
done
