#pragma once
// Plain systems <-> sequential PETSc objects (MATSEQAIJ, VECSEQ).
#include "systems/system.hpp"
#include "util/petsc_handle.hpp"

namespace skr::systems {

// A new preallocated, assembled MATSEQAIJ holding A.
void create_matrix(const Csr& A, Mat* out);
// Overwrites the values of M, created by create_matrix from a matrix with the
// same pattern as A (the pattern is not checked).
void update_values(Mat M, const Csr& A);
void create_vector(const std::vector<double>& values, Vec* out);
void update_vector(Vec v, const std::vector<double>& values);

// Any sequential PETSc matrix / vector as plain data.
Csr to_csr(Mat M);
std::vector<double> to_vector(Vec v);

} // namespace skr::systems
