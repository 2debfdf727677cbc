#include "systems/petsc_convert.hpp"

#include "util/error.hpp"

#include <algorithm>

namespace skr::systems {

namespace {

std::vector<PetscInt> as_petsc_int(const std::vector<std::int64_t>& v) {
  std::vector<PetscInt> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] > PETSC_MAX_INT)
      fail("a sparse index ({}) exceeds this PETSc build's 32-bit indices", v[i]);
    out[i] = static_cast<PetscInt>(v[i]);
  }
  return out;
}

} // namespace

void create_matrix(const Csr& A, Mat* out) {
  SKR_PETSC(MatCreate(PETSC_COMM_SELF, out));
  SKR_PETSC(
      MatSetSizes(*out, PetscInt(A.rows), PetscInt(A.cols), PetscInt(A.rows), PetscInt(A.cols)));
  SKR_PETSC(MatSetType(*out, MATSEQAIJ));
  const auto indptr = as_petsc_int(A.indptr);
  const auto indices = as_petsc_int(A.indices);
  // Copies the arrays, sets the values and assembles.
  SKR_PETSC(MatSeqAIJSetPreallocationCSR(*out, indptr.data(), indices.data(), A.values.data()));
}

void update_values(Mat M, const Csr& A) {
  PetscScalar* values = nullptr;
  SKR_PETSC(MatSeqAIJGetArray(M, &values));
  std::copy(A.values.begin(), A.values.end(), values);
  SKR_PETSC(MatSeqAIJRestoreArray(M, &values)); // marks the matrix as changed
}

void create_vector(const std::vector<double>& values, Vec* out) {
  SKR_PETSC(VecCreateSeq(PETSC_COMM_SELF, PetscInt(values.size()), out));
  update_vector(*out, values);
}

void update_vector(Vec v, const std::vector<double>& values) {
  PetscScalar* a = nullptr;
  SKR_PETSC(VecGetArray(v, &a));
  std::copy(values.begin(), values.end(), a);
  SKR_PETSC(VecRestoreArray(v, &a));
}

Csr to_csr(Mat M) {
  PetscInt rows = 0, cols = 0;
  SKR_PETSC(MatGetSize(M, &rows, &cols));
  Csr A;
  A.rows = rows;
  A.cols = cols;
  A.indptr.push_back(0);
  for (PetscInt r = 0; r < rows; ++r) {
    PetscInt n = 0;
    const PetscInt* c = nullptr;
    const PetscScalar* v = nullptr;
    SKR_PETSC(MatGetRow(M, r, &n, &c, &v));
    A.indices.insert(A.indices.end(), c, c + n);
    A.values.insert(A.values.end(), v, v + n);
    SKR_PETSC(MatRestoreRow(M, r, &n, &c, &v));
    A.indptr.push_back(static_cast<std::int64_t>(A.values.size()));
  }
  return A;
}

std::vector<double> to_vector(Vec v) {
  PetscInt n = 0;
  SKR_PETSC(VecGetSize(v, &n));
  const PetscScalar* a = nullptr;
  SKR_PETSC(VecGetArrayRead(v, &a));
  std::vector<double> out(a, a + n);
  SKR_PETSC(VecRestoreArrayRead(v, &a));
  return out;
}

} // namespace skr::systems
