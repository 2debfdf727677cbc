#!/usr/bin/env bash
# Rewrites the golden datasets in data/ with the commands in data/golden.txt
# (the one list of them; tests/cli/test_golden.sh re-runs the same lines).
# Run it when a change alters generated data on purpose, and commit the
# files in the same commit, saying why in the message (data/README.md).
# usage: scripts/make_golden.sh [path/to/skr-gen]   (default: build/skr-gen)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
skr_gen=${1:-$root/build/skr-gen}
while read -r file rest; do
  case $file in '' | '#'*) continue ;; esac
  read -ra args <<<"$rest"
  "$skr_gen" generate "${args[@]}" --out "$root/data/$file" --overwrite -q >/dev/null
  echo "wrote data/$file ($(stat -c %s "$root/data/$file") bytes)"
done <"$root/data/golden.txt"
echo "written by $("$skr_gen" --version)"
