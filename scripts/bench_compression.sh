#!/usr/bin/env bash
# File size and writer-thread time of each --compression, per family (the
# table of docs/PERFORMANCE.md, "Fast deflate"). Usage:
#   scripts/bench_compression.sh [SKR_GEN] [family ...]
# Each family: one generate per mode, same seed, 2 threads (so the batches are
# written by the writer thread, whose busy time --timing reports).
set -euo pipefail
SKR_GEN=${1:-build/skr-gen}
shift || true
families=("$@")
[ ${#families[@]} -gt 0 ] ||
  families=(darcy thermal poisson helmholtz advdiff darcy3d heat advdiff-t diffreact)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf "%-10s %-10s %12s %8s %10s\n" family mode bytes vs_gzip4 writer_s
for family in "${families[@]}"; do
  case $family in
  heat | advdiff-t | diffreact) size=(--samples 20) ;;
  *) size=(--samples 100) ;;
  esac
  declare -A bytes=()
  for mode in gzip:4 gzip:1 gzip:fast none; do
    out="$work/$family.h5"
    writer=$("$SKR_GEN" generate --problem "$family" "${size[@]}" --threads 2 \
      --compression "$mode" --out "$out" --overwrite --timing 2>&1 |
      sed -n 's/.*(writer thread): \([0-9.]*\) s/\1/p')
    bytes[$mode]=$(stat -c %s "$out")
    printf "%-10s %-10s %12d %8.3f %10s\n" "$family" "$mode" "${bytes[$mode]}" \
      "$(echo "${bytes[$mode]} / ${bytes[gzip:4]}" | bc -l)" "$writer"
  done
done
