#!/usr/bin/env bash
# Integer options are range-checked before any narrowing (issue #22, item 4):
# 4294967297 = 2^32 + 1 once became 1 in an int. And a GMRES restart whose
# dense Hessenberg alone outgrows the node is refused before allocating (item 5).
source "$(dirname "$0")/lib.sh"
O=("$SKR_GEN" generate -q --out "$WORK/x.h5")
G=("${O[@]}" --samples 2 --grid 8)
B=("$SKR_GEN" bench --samples 2 --grid 8 -q)
BIG=4294967297
INT="2147483647]"

expect_error "generate --max-it 2^32+1" "--max-it: $BIG is outside [1, $INT" "${G[@]}" --max-it $BIG
expect_error "generate --restart 2^32+1" "--restart: $BIG is outside [1, $INT" "${G[@]}" --solver gmres --restart $BIG
expect_error "generate --recycle 2^32+1" "--recycle: $BIG is outside [0, $INT" "${G[@]}" --recycle $BIG
expect_error "generate --pc-reuse 2^32+1" "--pc-reuse: $BIG is outside [1, $INT" "${G[@]}" --pc-reuse $BIG
expect_error "generate --ranks-per-system 2^32+1" "--ranks-per-system: $BIG is outside [1, $INT" "${G[@]}" --ranks-per-system $BIG
expect_error "generate --threads 2^32+1" "--threads: $BIG is outside [0, 1024]" "${G[@]}" --threads $BIG
expect_error "generate --checkpoint-samples 2^64" "--checkpoint-samples: 18446744073709551616 is outside [1, 100000000]" "${G[@]}" --checkpoint-samples 18446744073709551616
expect_error "generate --samples 2^32+1" "--samples: $BIG is outside [1, 100000000]" "${O[@]}" --samples $BIG
expect_error "generate --grid 2^32+1" "--grid: $BIG cells per axis is outside [3, 99999999]" "${O[@]}" --grid $BIG
expect_error "generate --shard 2^64" "--shard '0/18446744073709551617': expected i/K with 0 <= i < K <= 2" "${G[@]}" --shard 0/18446744073709551617
expect_error "bench --max-it 2^32+1" "--max-it: $BIG is outside [1, $INT" "${B[@]}" --max-it $BIG
expect_error "bench --restart 2^32+1" "--restart: $BIG is outside [1, $INT" "${B[@]}" --restart $BIG
expect_error "bench --pc-reuse 2^32+1" "--pc-reuse: $BIG is outside [1, $INT" "${B[@]}" --pc-reuse $BIG
expect_error "solve --feature-dims 2^32+1" "--feature-dims: $BIG is outside [1, 1024]" "$SKR_GEN" solve --systems "$WORK/none_*.mtx" --out "$WORK/s.h5" --feature-dims $BIG

# GMRES(m) keeps ~2 m^2 doubles of Hessenberg and Givens storage whatever the
# grid: m = 10^5 is 160 GB, refused before anything is allocated.
expect_error "gmres restart 1e5 on a small grid" "dense work arrays" "${O[@]}" --samples 2 --solver gmres --restart 100000 --grid 24
expect_error "gcrodr restart 1e5" "dense work arrays" "${G[@]}" --solver gcrodr --restart 100000
expect_error "bench restart 1e5" "dense work arrays" "${B[@]}" --restart 100000
finish
