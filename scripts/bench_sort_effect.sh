#!/usr/bin/env bash
# Effect of sorting on GCRO-DR iterations (issue #4): for each family whose
# parameters vary continuously, one `skr-gen bench` run in the original
# (random) order and one in the sorted order, same samples, same PC, and the
# mean iterations of plain GCRO-DR, of GCRO-DR warm-started from the
# previous (neighbour's) solution, and of `generate --solver gcrodr` with its
# default warm start (only where the operator repeats, i.e. only b changes).
# Iteration counts are deterministic.
# Usage: scripts/bench_sort_effect.sh [build-dir] [family ...]
# Environment: N (samples, default 300), SORTED (sort method, default auto),
# EXTRA (more options for every run, e.g. "--rtol 1e-6").
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
shift || true
families=${*:-darcy darcy3d helmholtz advdiff poisson thermal}
N=${N:-300}
SORTED=${SORTED:-auto}
skr=$build/skr-gen
[[ -x $skr ]] || { echo "no $skr: build skr-gen first" >&2; exit 1; }

# family -> "grid pc problem options"
declare -A setup=(
  [darcy]="40 sor --coeff lognormal --alpha 2.5 --tau 7"
  [darcy3d]="16 sor --coeff lognormal --alpha 2.5 --tau 7"
  [helmholtz]="48 ilu --k-min 5 --k-max 15"
  [advdiff]="48 ilu"
  [poisson]="48 sor"
  [thermal]="40 sor"
)
methods=gcrodr,gcrodr+warm

# Mean iterations of each method, space separated, for one order.
mean_its() {
  local family=$1 order=$2 grid pc opts
  read -r grid pc opts <<<"${setup[$family]}"
  # shellcheck disable=SC2086
  "$skr" bench --problem "$family" --grid "$grid" --samples "$N" --pc "$pc" \
    --methods "$methods" --sort "$order" -q $opts ${EXTRA:-} |
    awk '$3 ~ /^gcrodr/ { printf "%s ", $4 }'
  # shellcheck disable=SC2086
  "$skr" generate --problem "$family" --grid "$grid" --samples "$N" --pc "$pc" \
    --solver gcrodr --sort "$order" --out "$tmp/$family-$order.h5" -q $opts ${EXTRA:-} |
    awk '/^iterations:/ { printf "%s ", $3 }'
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-10s %5s %4s %5s  %-12s %9s %9s %7s\n' family grid N pc method original sorted gain
for family in $families; do
  read -r grid pc _ <<<"${setup[$family]}"
  read -r -a orig <<<"$(mean_its "$family" none)"
  read -r -a sorted <<<"$(mean_its "$family" "$SORTED")"
  i=0
  for method in ${methods//,/ } generate; do
    printf '%-10s %5s %4s %5s  %-12s %9s %9s %6.1f%%\n' "$family" "$grid" "$N" "$pc" "$method" \
      "${orig[i]}" "${sorted[i]}" "$(awk -v a="${orig[i]}" -v b="${sorted[i]}" 'BEGIN { print 100 * (a - b) / a }')"
    i=$((i + 1))
  done
done
