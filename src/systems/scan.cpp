#include "systems/scan.hpp"

#include "util/error.hpp"
#include "util/seed.hpp"

#include <cmath>

namespace skr::systems {

void project_add(std::uint64_t seed, std::uint64_t key, double value, double* out,
                 std::size_t dims) {
  // Irwin-Hall: the sum of 4 uniforms on [0, 1) has mean 2 and variance 1/3.
  const double scale = std::sqrt(3.0 / double(dims)) * value / 65536.0;
  const std::uint64_t base = splitmix64(seed ^ splitmix64(key));
  for (std::size_t k = 0; k < dims; ++k) {
    const std::uint64_t h = splitmix64(base + k);
    const double sum = double(h & 0xffff) + double((h >> 16) & 0xffff) +
                       double((h >> 32) & 0xffff) + double(h >> 48);
    out[k] += scale * (sum - 2.0 * 65536.0);
  }
}

ScanResult scan_systems(const SystemSource& source, std::size_t dims, std::uint64_t seed,
                        const std::function<void(std::size_t)>& progress) {
  ScanResult r;
  r.systems = source.size();
  if (r.systems == 0) fail("no systems to solve");
  r.matrix_features = sort::FeatureMatrix(r.systems, dims);
  r.rhs_features = sort::FeatureMatrix(r.systems, dims);
  r.identical_matrices = r.shared_pattern = r.identical_rhs = true;
  System first;
  std::uint64_t first_hash = 0;
  for (std::size_t i = 0; i < r.systems; ++i) {
    System s = load_system(source, i);
    if (i == 0)
      r.rows = s.A.rows;
    else if (s.A.rows != r.rows)
      fail("system {} ({}): {} unknowns, but system 0 has {} (all systems must have the same size)",
           i, source.where(i), s.A.rows, r.rows);
    const Csr& A = s.A;
    for (std::int64_t row = 0; row < A.rows; ++row)
      for (auto k = A.indptr[row]; k < A.indptr[row + 1]; ++k)
        project_add(seed, std::uint64_t(row) * std::uint64_t(A.cols) + std::uint64_t(A.indices[k]),
                    A.values[k], r.matrix_features.row(i), dims);
    for (std::size_t k = 0; k < s.b.size(); ++k)
      project_add(seed + 1, k, s.b[k], r.rhs_features.row(i), dims);
    // Same hash first (cheap to keep), then the exact values.
    const std::uint64_t h = hash(A);
    if (i == 0) {
      first_hash = h;
      first = std::move(s);
    } else {
      r.shared_pattern = r.shared_pattern && A.same_pattern(first.A);
      r.identical_matrices = r.identical_matrices && h == first_hash && A == first.A;
      r.identical_rhs = r.identical_rhs && s.b == first.b;
    }
    if (progress) progress(i);
  }
  return r;
}

FeatureChoice choose_features(const std::string& mode, const ScanResult& scan,
                              const SystemSource& source) {
  if (mode != "auto" && mode != "provided" && mode != "values" && mode != "rhs")
    fail("--features: '{}' is not provided, values, rhs or auto", mode);
  const std::size_t dims = scan.matrix_features.cols;
  if (mode == "provided" || (mode == "auto" && source.features())) {
    auto provided = source.features();
    if (!provided)
      fail("--features provided: the systems come without features (HDF5 /features [N, d])");
    const std::size_t d = provided->cols;
    return {std::move(*provided), "provided",
            fmt::format("provided with the systems ({} per system)", d)};
  }
  if (mode == "rhs" || (mode == "auto" && scan.identical_matrices))
    return {scan.rhs_features, "rhs",
            fmt::format("right-hand sides (random projection to {} dims)", dims)};
  return {scan.matrix_features, "values",
          fmt::format("matrix values (random projection to {} dims)", dims)};
}

} // namespace skr::systems
