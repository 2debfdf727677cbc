#include "systems/system_problem.hpp"

#include "systems/petsc_convert.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <cmath>

namespace skr::systems {

SequenceProblem::SequenceProblem(const SystemSource& source, std::int64_t rows, bool shared_pattern,
                                 bool spd)
    : source_(source), grid_(unit_box({static_cast<int>(rows)})), shared_pattern_(shared_pattern),
      spd_(spd) {}

Sample SequenceProblem::draw(std::uint64_t seed) const {
  return Sample(seed);
}

void SequenceProblem::create_system(MPI_Comm, Mat* A, Vec* b) const {
  const System s = load_system(source_, 0);
  create_matrix(s.A, A);
  create_vector(s.b, b);
}

void SequenceProblem::assemble(const Sample& sample, Mat A, Vec b) const {
  const System s = load_system(source_, sample.seed);
  update_vector(b, s.b);
  if (shared_pattern_) {
    update_values(A, s.A);
    return;
  }
  SKR_PETSC(MatSetOption(A, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_FALSE));
  SKR_PETSC(MatZeroEntries(A));
  for (std::int64_t r = 0; r < s.A.rows; ++r) {
    const auto begin = s.A.indptr[r], count = s.A.indptr[r + 1] - begin;
    std::vector<PetscInt> cols(s.A.indices.begin() + begin, s.A.indices.begin() + begin + count);
    const PetscInt row = static_cast<PetscInt>(r);
    SKR_PETSC(MatSetValues(A, 1, &row, PetscInt(count), cols.data(), s.A.values.data() + begin,
                           INSERT_VALUES));
  }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
}

bool looks_spd(const Csr& A) {
  if (A.rows != A.cols) return false;
  // (r, c) -> value lookups by binary search in row c.
  auto value_at = [&A](std::int64_t r, std::int64_t c, bool* found) {
    const auto first = A.indices.begin() + A.indptr[r], last = A.indices.begin() + A.indptr[r + 1];
    const auto it = std::lower_bound(first, last, c);
    *found = it != last && *it == c;
    return *found ? A.values[it - A.indices.begin()] : 0.0;
  };
  for (std::int64_t r = 0; r < A.rows; ++r) {
    bool found = false;
    if (!(value_at(r, r, &found) > 0)) return false;
    for (auto k = A.indptr[r]; k < A.indptr[r + 1]; ++k) {
      const double v = A.values[k], w = value_at(A.indices[k], r, &found);
      if (std::abs(v - w) > 1e-12 * std::max(std::abs(v), std::abs(w))) return false;
    }
  }
  return true;
}

} // namespace skr::systems
