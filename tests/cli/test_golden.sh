#!/usr/bin/env bash
# Golden datasets (data/): each file regenerated with its line of
# data/golden.txt has the same grid, inputs and seeds to the bit and
# solutions within 1e-6, so "the same seed gives the same data" holds across
# versions. Every family has a golden file. A change that alters the data
# reruns scripts/make_golden.sh and says why in its commit (data/README.md).
source "$(dirname "$0")/lib.sh"
: "${SKR_SOURCE_DIR:?}"
DATA=$SKR_SOURCE_DIR/data
"$PYTHON3" -c 'import h5py' 2>/dev/null || { echo "skipped: python3-h5py is not installed"; exit 77; }

# All runs at once: each mostly waits (start-up, file writes), so this takes
# the time of one.
files=()
while read -r file rest; do
  case $file in '' | '#'*) continue ;; esac
  read -ra args <<<"$rest"
  files+=("$file")
  "$SKR_GEN" generate "${args[@]}" --out "$WORK/$file" -q >"$WORK/$file.log" 2>&1 &
done <"$DATA/golden.txt"
wait

present=()
for file in "${files[@]}"; do
  if [ ! -f "$DATA/$file" ]; then fail "data/$file is missing (scripts/make_golden.sh writes it)"
  elif [ ! -f "$WORK/$file" ]; then fail "$file: generate failed: $(tail -2 "$WORK/$file.log")"
  else present+=("$file"); fi
done
families=$("$SKR_GEN" problems | awk 'NF { printf "%s ", $1 }')
"$PYTHON3" "$SKR_SOURCE_DIR/tests/cli/compare_golden.py" "$DATA" "$WORK" "$families" "${present[@]}" ||
  fail "golden comparison (a change meant to alter the data reruns scripts/make_golden.sh and says why)"
finish
