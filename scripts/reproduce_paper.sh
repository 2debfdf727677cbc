#!/usr/bin/env bash
# The SKR paper's Table 1 (Wang et al., ICLR 2024) for our families: GMRES(40)
# against GCRO-DR(40,20) on a sorted sequence, every preconditioner, each
# family in one `skr-gen bench` run so the two methods are compared side by
# side, then a table of our speed-ups next to the paper's.
#
#   scripts/reproduce_paper.sh                       # all four families, 100 systems
#   SAMPLES=20 FAMILIES="darcy helmholtz" scripts/reproduce_paper.sh /tmp/paper
#   PCS=none,ilu scripts/reproduce_paper.sh
#
# Writes OUT_DIR/<family>.json (bench rows) and OUT_DIR/table.md, and prints
# the table. Sizes follow the paper (n = 6400, 10240, 71289, 10^4 against
# 6400, 11063, 71313, 10^4); expect
# hours at 100 systems on 2 cores: GMRES(40) needs ~10^4 iterations per
# Helmholtz system and thousands per Poisson one at rtol 1e-11.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
out=${1:-paper-results}
samples=${SAMPLES:-100}
pcs=${PCS:-none,jacobi,bjacobi,sor,asm,icc,ilu}
families=${FAMILIES:-darcy thermal poisson helmholtz}
python=${PYTHON3:-/usr/bin/python3}

[[ -x $bin ]] || { echo "reproduce_paper: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
mkdir -p "$out"

# family -> bench arguments (the paper's size and tolerance)
declare -A setting=(
  [darcy]="--problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80 --rtol 1e-8"
  [thermal]="--problem thermal --grid 80 --rtol 1e-11" # 80x128, nx must be a multiple of 20
  [poisson]="--problem poisson --grid 267 --rtol 1e-11"
  [helmholtz]="--problem helmholtz --grid 100 --rtol 1e-7"
)

for family in $families; do
  [[ -n ${setting[$family]:-} ]] || { echo "reproduce_paper: unknown family '$family'" >&2; exit 1; }
  echo "== $family: ${setting[$family]}, $samples systems, PCs $pcs" >&2
  # shellcheck disable=SC2086 # the setting is a word list
  "$bin" bench ${setting[$family]} --samples "$samples" --pc "$pcs" --methods gmres,gcrodr \
    --max-it 20000 -q --json "$out/$family.json" >&2
done
"$python" "$here/scripts/python/paper_table.py" "$out"/*.json | tee "$out/table.md"
