#!/usr/bin/env bash
# generate --timing: a table with every phase, shares adding up to 100% of
# the wall time (an "other" row holds the rest), for a steady family (with
# the auto pilot), a time-dependent one, and under MPI with max / mean columns.
source "$(dirname "$0")/lib.sh"
PHASES=("draw (features)" "sort" "pilot (auto)" "draw+assemble" "solve" "record (outputs)"
  "checkpoint write" "final assembly" "other")

# check_table WHAT LOG [COLUMNS]: every phase has a row of COLUMNS numbers
# (2: seconds, share; 4: also max, mean) and the shares sum to ~100%.
check_table() {
  local what=$1 log=$2 columns=${3:-2}
  grep -q "^timing: wall" "$log" || { fail "$what: no timing table: $(cat "$log")"; return; }
  local phase row
  for phase in "${PHASES[@]}"; do
    row=$(grep -F "  $phase " "$log" | tail -1)
    [ -n "$row" ] || { fail "$what: no row '$phase'"; continue; }
    [ "$(awk '{print NF}' <<<"${row#*"$phase"}")" -eq "$columns" ] ||
      fail "$what: row '$phase' has not $columns columns: $row"
  done
  local sum
  sum=$(sed -n '/^timing: wall/,$p' "$log" | grep -o '[0-9.]*%' | tr -d % | awk '{s += $1} END {print s}')
  awk -v s="$sum" 'BEGIN {exit !(s > 99 && s < 101)}' || { fail "$what: shares sum to $sum%"; return; }
  echo "ok: $what: every phase timed, shares sum to $sum%"
}

"$SKR_GEN" generate --problem darcy --grid 16 --samples 12 --solver auto -q --timing \
  --checkpoint-samples 5 --out "$WORK/darcy.h5" >"$WORK/darcy.log" || fail "darcy --timing failed"
check_table "darcy, --solver auto" "$WORK/darcy.log"
awk '/^  pilot \(auto\)/ {exit !($3 > 0)}' "$WORK/darcy.log" || fail "darcy: the pilot took no time"

"$SKR_GEN" generate --problem heat --grid 12 --samples 3 --dt 0.05 --t-final 0.3 -q --timing \
  --out "$WORK/heat.h5" >"$WORK/heat.log" || fail "heat --timing failed"
check_table "heat (trajectories)" "$WORK/heat.log"

"$SKR_GEN" generate --problem darcy --grid 16 --samples 4 -q --out "$WORK/plain.h5" >"$WORK/plain.log"
grep -q "^timing:" "$WORK/plain.log" && fail "a table without --timing"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
if command -v mpirun >/dev/null; then
  mpirun --oversubscribe -n 2 "$SKR_GEN" generate --problem darcy --grid 16 --samples 12 -q \
    --timing --out "$WORK/mpi.h5" >"$WORK/mpi.log" 2>&1 || fail "mpirun -n 2 --timing failed"
  check_table "mpirun -n 2" "$WORK/mpi.log" 4
  finish
else
  finish
  echo "SKIP: mpirun not found, the MPI table is not checked"
  exit 77
fi
