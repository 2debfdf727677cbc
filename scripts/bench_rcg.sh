#!/usr/bin/env bash
# Recycling CG (issue 12) against CG, CG+BoomerAMG and GCRO-DR on one sorted
# darcy3d sequence: 50 lognormal systems, rtol 1e-8 on ||b - A x|| / ||b||.
# rcg+hypre and cg+hypre bring their own PC; the other methods run with --pc.
#   scripts/bench_rcg.sh [grid=48] [samples=50] [extra skr-gen/PETSc options...]
# e.g. scripts/bench_rcg.sh 32 50 -ksp_rcg_recycle 16
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKR_GEN="${SKR_GEN:-$here/build-rcg/skr-gen}"
grid="${1:-48}"
samples="${2:-50}"
shift $(( $# > 2 ? 2 : $# ))
out="${OUT:-$here/build-rcg/bench_rcg_${grid}}"
"$SKR_GEN" bench --problem darcy3d --coeff lognormal --grid "$grid" --samples "$samples" \
  --sort greedy --rtol 1e-8 --pc icc --methods cg,rcg,cg+hypre,rcg+hypre,gcrodr \
  --csv "$out.csv" --json "$out.json" "$@"
