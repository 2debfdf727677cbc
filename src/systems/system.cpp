#include "systems/system.hpp"

#include "util/error.hpp"
#include "util/seed.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace skr::systems {

Csr csr_from_triplets(std::int64_t rows, std::int64_t cols, std::vector<Triplet> entries) {
  std::sort(entries.begin(), entries.end(), [](const Triplet& a, const Triplet& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  Csr A;
  A.rows = rows;
  A.cols = cols;
  A.indptr.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const Triplet& t = entries[k];
    if (k > 0 && t.row == entries[k - 1].row && t.col == entries[k - 1].col) {
      A.values.back() += t.value;
      continue;
    }
    A.indices.push_back(t.col);
    A.values.push_back(t.value);
    ++A.indptr[static_cast<std::size_t>(t.row) + 1];
  }
  for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) A.indptr[r + 1] += A.indptr[r];
  return A;
}

std::uint64_t hash(const Csr& A) {
  std::uint64_t h =
      splitmix64(static_cast<std::uint64_t>(A.rows) ^ (static_cast<std::uint64_t>(A.cols) << 32));
  auto mix = [&h](std::uint64_t v) { h = splitmix64(h ^ v); };
  for (auto p : A.indptr) mix(static_cast<std::uint64_t>(p));
  for (auto c : A.indices) mix(static_cast<std::uint64_t>(c));
  for (double v : A.values) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    mix(bits);
  }
  return h;
}

void check_system(const System& s, const std::string& label) {
  const Csr& A = s.A;
  if (A.rows <= 0) fail("{}: the matrix is empty", label);
  if (A.rows != A.cols) fail("{}: the matrix is not square ({} x {})", label, A.rows, A.cols);
  if (A.indptr.size() != static_cast<std::size_t>(A.rows) + 1 || A.indptr.front() != 0 ||
      A.indptr.back() != static_cast<std::int64_t>(A.nnz()) || A.indices.size() != A.nnz())
    fail("{}: inconsistent sparse-row arrays", label);
  for (std::int64_t r = 0; r < A.rows; ++r) {
    if (A.indptr[r + 1] < A.indptr[r])
      fail("{}: inconsistent sparse-row arrays at row {}", label, r);
    for (auto k = A.indptr[r]; k < A.indptr[r + 1]; ++k) {
      if (A.indices[k] < 0 || A.indices[k] >= A.cols)
        fail("{}: column index {} out of range in row {} (matrix is {} x {})", label, A.indices[k],
             r, A.rows, A.cols);
      if (!std::isfinite(A.values[k]))
        fail("{}: matrix entry ({}, {}) is {}", label, r, A.indices[k], A.values[k]);
    }
  }
  check_rhs(s.b, A.rows, label);
}

void check_rhs(const std::vector<double>& b, std::int64_t rows, const std::string& label) {
  if (static_cast<std::int64_t>(b.size()) != rows)
    fail("{}: the right-hand side has {} entries but the matrix has {} rows", label, b.size(),
         rows);
  for (std::size_t i = 0; i < b.size(); ++i)
    if (!std::isfinite(b[i])) fail("{}: right-hand side entry {} is {}", label, i, b[i]);
}

} // namespace skr::systems
