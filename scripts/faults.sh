#!/usr/bin/env bash
# The long fault-injection sweep (not run by CTest; CI runs the short
# tests/cli/test_faults_*.sh and test_disk_full.sh):
#   1. TRIALS random SIGKILL trials and TRIALS kills during the final assembly
#      (tests/cli/test_faults_kill.sh with SKR_FAULT_TRIALS=TRIALS);
#   2. tests/cli/test_resume.sh with its kill trials on 120 samples (CTest: 60);
#   3. RACES unfrozen races: the issue's reproduction, generate started twice
#      on one output, the second (with --resume every other time) 0-1.5 s
#      after the first. Exactly one writes; the other refuses naming the
#      first, or (started after the first finished) finds the output done;
#      the output validates (seeds and inputs re-drawn bit for bit).
#
#   scripts/faults.sh                      # TRIALS=50 RACES=20
#   TRIALS=200 RACES=50 SKR_GEN=build/skr-gen scripts/faults.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SKR_GEN=${SKR_GEN:-$here/build/skr-gen} SKR_SOURCE_DIR=$here PYTHON3=${PYTHON3:-/usr/bin/python3}
TRIALS=${TRIALS:-50} RACES=${RACES:-20}
start=$SECONDS

SKR_FAULT_TRIALS=$TRIALS SKR_FAULT_SEED=${SEED:-1} bash "$here/tests/cli/test_faults_kill.sh"
SKR_RESUME_SAMPLES=120 bash "$here/tests/cli/test_resume.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$work/X.h5
RUN=("$SKR_GEN" generate --solver gmres --pc jacobi --samples 150 --grid 48 -q --out "$out")
refused=0 after=0 bad=0
RANDOM=${SEED:-1}
for race in $(seq 1 "$RACES"); do
  rm -rf "$out" "$out.partial" "$out.lock"
  second=()
  [ $((race % 2)) -eq 0 ] && second=(--resume)
  "${RUN[@]}" >/dev/null 2>"$work/first.err" &
  first=$!
  sleep "$(printf "%d.%03d" $((RANDOM % 2)) $((RANDOM % 500)))"
  status=0
  "${RUN[@]}" "${second[@]}" >/dev/null 2>"$work/second.err" || status=$?
  wait "$first" || { echo "race $race: the first run failed: $(cat "$work/first.err")"; bad=$((bad + 1)); continue; }
  if grep -q "is being written by another process (pid $first" "$work/second.err"; then
    refused=$((refused + 1))
  elif grep -q "already exists\|already complete" "$work/second.err"; then
    after=$((after + 1))
  else
    echo "race $race: second run (${second[*]:-plain}) exited $status: $(cat "$work/second.err")"
    bad=$((bad + 1))
  fi
  "$SKR_GEN" validate "$out" >/dev/null 2>"$work/v.err" || { echo "race $race: $(head -2 "$work/v.err")"; bad=$((bad + 1)); }
done
echo "races: $RACES, second run refused $refused, started after the first finished $after, wrong $bad"
echo "fault sweep took $((SECONDS - start)) s"
[ "$bad" -eq 0 ]
