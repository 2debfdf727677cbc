#pragma once
// One linear system A x = b in plain memory: A in compressed sparse rows,
// b dense. Every reader of system files produces this form and every writer
// consumes it; conversion to and from PETSc lives in systems/petsc_convert.hpp.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace skr::systems {

struct Csr {
  std::int64_t rows = 0, cols = 0;
  std::vector<std::int64_t> indptr;  // rows + 1 offsets
  std::vector<std::int64_t> indices; // column of each entry, ascending within a row
  std::vector<double> values;
  std::size_t nnz() const { return values.size(); }
  bool same_pattern(const Csr& o) const {
    return rows == o.rows && cols == o.cols && indptr == o.indptr && indices == o.indices;
  }
  bool operator==(const Csr& o) const { return same_pattern(o) && values == o.values; }
};

struct System {
  Csr A;
  std::vector<double> b;
};

struct Triplet {
  std::int64_t row, col;
  double value;
};

// CSR from (row, col, value) entries in any order: columns sorted within
// rows, duplicates summed (as Matrix Market readers do).
Csr csr_from_triplets(std::int64_t rows, std::int64_t cols, std::vector<Triplet> entries);

// A hash of the pattern and the exact value bits (same matrix, same hash).
std::uint64_t hash(const Csr& A);

// Throws skr::Error naming `label` when A is not square, b's length differs
// from A's rows, a column index is out of range or an entry is NaN / Inf.
void check_system(const System& system, const std::string& label);
// The right-hand side part of check_system.
void check_rhs(const std::vector<double>& b, std::int64_t rows, const std::string& label);

} // namespace skr::systems
