#pragma once
// One pass over a system sequence before solving: checks every system (so
// that bad input fails before any output is written), detects sequences
// whose matrices are all identical, and computes the sorting features.
//
// Matrix features: the values of A_i, keyed by (row, column), times a seeded
// Gaussian random projection to `dims` dimensions (Johnson-Lindenstrauss:
// distances between systems are preserved up to a small factor). Systems
// sharing a pattern are compared entry by entry; others through the union
// of their patterns (a missing entry counts as zero). RHS features: the same
// projection of b_i.
#include "sort/feature_matrix.hpp"
#include "systems/source.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace skr::systems {

struct ScanResult {
  std::size_t systems = 0;
  std::int64_t rows = 0;           // unknowns per system (the same for all)
  bool identical_matrices = false; // every A_i equals A_0, pattern and values
  bool shared_pattern = false;     // every A_i has A_0's pattern
  bool identical_rhs = false;      // every b_i equals b_0
  sort::FeatureMatrix matrix_features, rhs_features;
};

// Adds value * r(key) to out[0, dims): r(key) has independent, approximately
// standard normal entries (Irwin-Hall, 4 uniforms) fixed by (seed, key),
// scaled by 1/sqrt(dims).
void project_add(std::uint64_t seed, std::uint64_t key, double value, double* out,
                 std::size_t dims);

// progress(i) is called after system i.
ScanResult scan_systems(const SystemSource& source, std::size_t dims = 64, std::uint64_t seed = 0,
                        const std::function<void(std::size_t)>& progress = {});

struct FeatureChoice {
  sort::FeatureMatrix features;
  std::string name; // "provided", "values" or "rhs"
  std::string description;
};

// mode: "provided" (the source's /features), "values", "rhs", or "auto":
// provided if present, else rhs when every matrix is identical, else values.
FeatureChoice choose_features(const std::string& mode, const ScanResult& scan,
                              const SystemSource& source);

} // namespace skr::systems
