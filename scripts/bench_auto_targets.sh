#!/usr/bin/env bash
# Issue 29's targets for `--solver auto`, measured with `skr-gen bench` (the
# methods side by side on one sorted sequence, then auto, then the fastest
# baseline again alone; auto's "x best" is against the faster of that
# baseline's two rows, auto's pilot included):
#   - REPS runs (default 3) with a full pilot (--explore always): the target is
#     a median of auto x best >= 0.95 at every size;
#   - one run that fills a private cache, then CACHED runs (default 5) that
#     start from the remembered winner: the target is a median >= 0.97.
# Every family at its default size, and FNO's darcy 421², darcy3d 48³ and
# helmholtz 256². One line per run in $OUT (default bench_auto_targets.txt),
# then a table of the medians.
#
#   scripts/bench_auto_targets.sh                    # everything (~45 min idle)
#   REPS=1 CACHED=2 scripts/bench_auto_targets.sh darcy poisson
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
samples=${SAMPLES:-100}
reps=${REPS:-3}
cached=${CACHED:-5}
out=${OUT:-bench_auto_targets.txt}
[[ -x $bin ]] || { echo "bench_auto_targets: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

# name | bench options (problem, size, preconditioners, baselines beside auto)
configs=(
  "darcy|--problem darcy --pc icc --methods auto,direct,cg,cg+hypre"
  "darcy3d|--problem darcy3d --pc icc --methods auto,direct,cg,cg+hypre"
  "poisson|--problem poisson --pc icc --methods auto,direct,cg,cg+hypre"
  "thermal|--problem thermal --pc icc --methods auto,direct,cg,cg+hypre"
  "advdiff|--problem advdiff --pc ilu --methods auto,direct,gmres"
  "helmholtz|--problem helmholtz --pc ilu --methods auto,direct,gcrodr"
  "darcy-421|--problem darcy --grid 421 --pc icc --methods auto,direct,cg+hypre"
  "darcy3d-48|--problem darcy3d --grid 48 --pc icc --methods auto,cg,cg+hypre"
  "helmholtz-256|--problem helmholtz --grid 256 --pc ilu --methods auto,direct"
)
wanted=${*:-}

# One bench run; prints "x_best pilot_share picked tried:what_the_pilot_ran_in_order".
bench_once() {
  local options=$1 explore=$2 log
  log=$(mktemp)
  # shellcheck disable=SC2086
  XDG_CACHE_HOME=$cache "$bin" bench $options --samples "$samples" --max-it 5000 \
    --explore "$explore" -q >"$log" 2>&1 || { echo "bench failed: $(tail -3 "$log")" >&2; rm -f "$log"; return 1; }
  local x_best share picked tried
  x_best=$(awk '$3 == "auto" {print $(NF - 2)}' "$log" | head -1)
  share=$(sed -n 's/.*trying the others took .* s, \([0-9.]*\)% of its time.*/\1/p' "$log" | head -1)
  picked=$(sed -n 's/^auto at rtol [^:]*: \(.*\) \(won its pilot\|was remembered\|was taken\).*/\1/p' "$log" | head -1)
  # The pilot's candidates that ran (not skipped), in the order it tried them.
  tried=$(sed -n '/^auto solver:/,$p' "$log" | awk '/^  / && !/skipped:/ {
      name = substr($0, 3, 28); sub(/ +$/, "", name)
      printf "%s%s%s", sep, name, /stopped:/ ? " (stopped)" : ""; sep = " > " }')
  echo "${x_best:-?} ${share:-0}% ${picked// /_} tried:${tried// /_}"
  rm -f "$log"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

: >"$out"
for config in "${configs[@]}"; do
  name=${config%%|*} options=${config#*|}
  [[ -z $wanted || " $wanted " == *" $name "* ]] || continue
  for rep in $(seq 1 "$reps"); do
    echo "$name pilot $rep $(bench_once "$options" always)" | tee -a "$out"
  done
  [[ $cached -eq 0 ]] || bench_once "$options" cached >/dev/null # fills the cache
  for rep in $(seq 1 "$cached"); do
    echo "$name cached $rep $(bench_once "$options" cached)" | tee -a "$out"
  done
done

echo
echo "| configuration | auto x best, pilot (median of $reps) | auto x best, cached (median of $cached) |"
echo "|---|---|---|"
for name in $(awk '{print $1}' "$out" | uniq); do
  pilot=$(awk -v n="$name" '$1 == n && $2 == "pilot" {print $4}' "$out" | median)
  from_cache=$(awk -v n="$name" '$1 == n && $2 == "cached" {print $4}' "$out" | median)
  echo "| $name | $pilot | $from_cache |"
done
