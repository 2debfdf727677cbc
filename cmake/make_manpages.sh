#!/usr/bin/env bash
# make_manpages.sh HELP2MAN SKR_GEN OUTDIR: OUTDIR/skr-gen.1, and
# OUTDIR/skr-gen-<command>.1 for every command `skr-gen --help` lists.
set -euo pipefail
help2man=$1 skr_gen=$2 out=$3
version=$("$skr_gen" --version) # "skr-gen 0.1.0 (commit)"
commands=$("$skr_gen" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  //p')
mkdir -p "$out"
rm -f "$out"/skr-gen*.1
# Example lines are verbatim, not a paragraph to fill.
page() {
  local output=$1
  shift
  "$help2man" --no-info --section 1 "$@" |
    awk '/^\.SS "examples:"/ { ex = 1 } ex && /^\.SS/ && !/examples/ { print ".fi"; ex = 0 }
         { print } ex && /^\.IP$/ { print ".nf" } END { if (ex) print ".fi" }' >"$output"
}
# Each page is named by the "program" word of its --version-string.
see_also=$(mktemp)
trap 'rm -f "$see_also"' EXIT
echo "[SEE ALSO]" >"$see_also"
while read -r name summary; do
  page "$out/skr-gen-$name.1" --version-string "skr-gen-$name ${version#skr-gen }" \
    --name "$summary" --help-option "$name --help" "$skr_gen"
  echo ".BR skr-gen-$name (1)" >>"$see_also"
done <<<"$commands"
page "$out/skr-gen.1" --version-string "$version" --include "$see_also" \
  --name "training data for neural operators by Sorting Krylov Recycling" "$skr_gen"
