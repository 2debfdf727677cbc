#!/usr/bin/env bash
# GCRO-DR(40,20) vs PETSc GMRES(40) on the sorted lognormal Darcy sequence
# (issue 3): every preconditioner, all methods side by side in one process on
# the same sorted sequence, so compare the ratios of one run.
#
#   scripts/bench_gcrodr.sh                      # build-perf/skr-gen, 100 systems
#   SKR_GEN=build/skr-gen SAMPLES=30 PCS=none scripts/bench_gcrodr.sh
#   scripts/bench_gcrodr.sh -ksp_gcrodr_update_every 2   # extra PETSc options
#
# Prints the bench table: mean iterations and mean solve time per system per
# method and PC; the "x gmres" column is the speed-up over GMRES(40), same PC.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build-perf/skr-gen}
samples=${SAMPLES:-100}
pcs=${PCS:-none,jacobi,bjacobi,sor,asm,ilu,icc}

[[ -x $bin ]] || { echo "no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
"$bin" bench --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80 \
  --samples "$samples" --pc "$pcs" --methods gmres,gcrodr,gcrodr+warm -q "$@"
