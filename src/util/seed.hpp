#pragma once
// Per-sample randomness: sample i of a run with base seed S draws from
// derive_seed(S, i) only, so its inputs do not depend on the order of work,
// the number of threads or the number of ranks.
#include <cstdint>

namespace skr {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective mix with good
// avalanche, so nearby (base, index) pairs give unrelated streams.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

constexpr std::uint64_t derive_seed(std::uint64_t base, std::uint64_t index) {
  return splitmix64(splitmix64(base) ^ (index * 0xD1B54A32D192ED03ull + 1));
}

} // namespace skr
