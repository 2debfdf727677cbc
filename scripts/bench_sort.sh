#!/usr/bin/env bash
# Sorting benchmark (not a test): builds a tiny driver against libskr and
# prints time and path length of each sorting method on synthetic 288-D
# features. Usage: scripts/bench_sort.sh [build-dir] [N ...]
# Environment: GREEDY_MAX (largest N for full greedy, default 20000),
# REF_B (block size of the blocked-greedy reference, default 10000).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
shift || true
sizes=${*:-1000 10000 100000 1000000}
[[ -f $build/libskr.a ]] || { echo "no $build/libskr.a: build skr-gen first" >&2; exit 1; }
link=$(sed -e 's|.*-o skr_tests||' -e "s|\.\./libskr.a|$build/libskr.a|" \
  "$build/tests/CMakeFiles/skr_tests.dir/link.txt")
petsc_inc=$(pkg-config --cflags-only-I PETSc)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bench.cpp" <<'CPP'
#include "sort/benchmark.hpp"
#include <cstdlib>
#include <iostream>
int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  skr::sort::BenchmarkOptions o;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
  if (const char* g = std::getenv("GREEDY_MAX")) o.greedy_max_n = std::strtoull(g, nullptr, 10);
  if (const char* g = std::getenv("REF_B")) o.reference_block = std::strtoull(g, nullptr, 10);
  skr::sort::run_benchmark(std::cout, sizes, 288, o);
}
CPP
# shellcheck disable=SC2086
c++ -O3 -fopenmp -std=c++20 -I"$src/src" -I"$src" $petsc_inc \
  -isystem /usr/lib/x86_64-linux-gnu/openmpi/include "$tmp/bench.cpp" -o "$tmp/bench" $link
# shellcheck disable=SC2086
"$tmp/bench" $sizes
