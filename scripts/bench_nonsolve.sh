#!/usr/bin/env bash
# Non-solve work of two binaries (issue 26 item 3): `generate --timing` of a
# "before" and an "after" skr-gen, interleaved (before, after, before, after,
# ...) so that both see the same machine load, on the families of
# docs/PERFORMANCE.md ("End to end"). Prints, per run, the wall time and the
# draw (features), draw+assemble and solve rows of the timing table.
#
#   BEFORE=/work/main/build/skr-gen scripts/bench_nonsolve.sh             # all families
#   BEFORE=... AFTER=... REPEAT=3 scripts/bench_nonsolve.sh darcy advdiff
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
before=${BEFORE:?set BEFORE to the skr-gen to compare against}
after=${AFTER:-$here/build/skr-gen}
for bin in "$before" "$after"; do
  [[ -x $bin ]] || { echo "bench_nonsolve: no skr-gen at $bin" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A runs=(
  [darcy]="--problem darcy --grid 128 --samples 200 --solver preonly --pc cholesky --sort none"
  [helmholtz]="--problem helmholtz --grid 128 --samples 200 --solver preonly --pc lu --sort none"
  [darcy3d]="--problem darcy3d --grid 32 --samples 100 --solver preonly --pc cholesky --sort none"
  [advdiff]="--problem advdiff --grid 128 --samples 200 --solver preonly --pc lu --sort none"
  [heat]="--problem heat --grid 128 --samples 4 --dt 0.01 --t-final 0.5 --solver preonly --pc cholesky --sort none"
)
families=("$@")
[ ${#families[@]} -gt 0 ] || families=(darcy helmholtz darcy3d advdiff heat)
for family in "${families[@]}"; do
  [ -n "${runs[$family]:-}" ] || { echo "bench_nonsolve: unknown family '$family'" >&2; exit 1; }
done

row() { # phase file -> seconds
  awk -v p="$1" '$0 ~ "^  "p" " { print $(NF - 1) }' "$2"
}
echo "machine: $(nproc) cores; before: $before; after: $after"
printf '%-10s %-6s %5s %8s %8s %8s %8s  %s\n' family binary run wall features draw+asm solve load
for family in "${families[@]}"; do
  read -ra args <<<"${runs[$family]}"
  for ((r = 1; r <= ${REPEAT:-2}; ++r)); do
    for which in before after; do
      bin=$before
      [ "$which" = after ] && bin=$after
      "$bin" generate "${args[@]}" -q --overwrite --timing --out "$work/$family.h5" >"$work/t" 2>&1 ||
        { echo "bench_nonsolve: $which $family failed: $(tail -2 "$work/t")" >&2; exit 1; }
      printf '%-10s %-6s %5d %8s %8s %8s %8s  %s\n' "$family" "$which" "$r" \
        "$(awk '/^timing: wall/ { print $3 }' "$work/t")" "$(row 'draw \(features\)' "$work/t")" \
        "$(row 'draw\+assemble' "$work/t")" "$(row solve "$work/t")" \
        "$(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
