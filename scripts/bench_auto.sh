#!/usr/bin/env bash
# generate's default `--solver auto` (pilot included in its time) against the
# strongest single baselines, each family at its default size (issue 7): one
# `skr-gen bench` run per family, methods side by side on the same sorted
# sequence. auto runs on its own after the methods interleaved side by side,
# and the fastest of those runs again on its own right after it ("... alone"):
# "x best" of the auto row is its speed-up against the faster of the two runs
# of that baseline (>= 1: auto at least as fast).
#
#   scripts/bench_auto.sh                         # every family, 100 systems
#   SAMPLES=50 scripts/bench_auto.sh darcy thermal
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
samples=${SAMPLES:-100}
families=${*:-darcy darcy3d helmholtz poisson advdiff thermal}
[[ -x $bin ]] || { echo "bench_auto: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
for family in $families; do
  n=$samples
  methods=auto,direct,gmres,gcrodr
  spd=$("$bin" problems | awk -v f="$family" '$1 == f && /SPD/ {print "yes"}')
  [[ -n $spd ]] && methods=$methods,cg,cg+hypre
  echo "== $family ($n systems)"
  "$bin" bench --problem "$family" --samples "$n" --pc ilu,icc --methods "$methods" --max-it 5000 -q |
    grep -vE '^\s+1e-[0-9]+ icc +(gmres|gcrodr) '
done
