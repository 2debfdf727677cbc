#!/usr/bin/env bash
# Issue 24's solver targets across time, measured with `skr-gen bench` (every
# method on the same trajectories, side by side):
#   - auto (its pilot included) within 5% of the fastest method, per
#     time-dependent family: 128², 2 trajectories x 100 steps, REPS runs
#     (default 3) each with a fresh --solver auto cache; prints auto's "x best";
#   - the default >= 2x faster per step than a direct solve refactored every
#     step, on heat and advdiff-t 256² x 200 steps (unless QUICK=1).
# The throughput target (wall <= 1.3x the solves) is scripts/bench_overlap.sh's.
#
#   scripts/bench_time_targets.sh                  # ~8 min on 2 idle cores
#   REPS=1 QUICK=1 scripts/bench_time_targets.sh heat diffreact
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh" bench_time_targets

declare -A baselines=(
  [heat]="--methods direct,direct+once,cg+hypre,auto --pc icc"
  [advdiff-t]="--methods direct,gmres,gcrodr+warm,auto --pc ilu"
  [darcy-t]="--methods direct,cg,cg+hypre,auto --pc icc"
  [diffreact]="--methods direct,direct+once,cg,cg+hypre,auto --pc icc"
)
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(heat advdiff-t darcy-t diffreact)

# The "x best" column of bench's auto row, and what auto said it did.
auto_line() {
  awk '$3 == "auto" { best = $8 } /^auto at rtol/ { sub(/^auto at rtol [^:]*: /, ""); said = $0 }
       END { printf "auto x best %s | %s\n", best, said }' "$1"
}

for family in "${families[@]}"; do
  [ -n "${baselines[$family]:-}" ] ||
    { echo "bench_time_targets: unknown family '$family'" >&2; exit 1; }
  read -ra methods <<<"${baselines[$family]}"
  for rep in $(seq "${REPS:-3}"); do
    rm -rf "$work/cache"
    XDG_CACHE_HOME="$work/cache" "$bin" bench --problem "$family" --grid 128 --samples 2 \
      --dt 0.01 --t-final 1 "${methods[@]}" >"$work/log" 2>&1
    echo "$family 128² rep $rep (load $(cut -d' ' -f1 /proc/loadavg)): $(auto_line "$work/log")"
  done
done

[ -z "${QUICK:-}" ] || exit 0
# auto against the direct solve refactored every step: bench's "x gmres"
# column is that speed-up per step (its name is bench's, for steady runs).
for run in "heat" "advdiff-t --peclet 200"; do
  read -ra args <<<"$run"
  XDG_CACHE_HOME="$work/cache" "$bin" bench --problem "${args[@]}" --grid 256 --samples 1 \
    --dt 0.01 --t-final 2 --methods direct,auto >"$work/log" 2>&1
  awk -v run="$run" '$3 == "direct" { direct = $5 } $3 == "auto" { auto = $5; x = $7 }
       END { printf "%s 256² x 200 steps: direct refactored %s/step, auto %s/step: %sx\n",
             run, direct, auto, x }' "$work/log"
done
