# Sourced by bench scripts: `. "$(dirname "${BASH_SOURCE[0]}")/bench_common.sh" NAME`
# sets here (the source tree), bin (SKR_GEN, else the build's skr-gen; NAME
# names the script in the error when there is none) and work (a scratch
# directory removed on exit).
here=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
bin=${SKR_GEN:-$here/build/skr-gen}
[[ -x $bin ]] || { echo "$1: no skr-gen at $bin (set SKR_GEN)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
