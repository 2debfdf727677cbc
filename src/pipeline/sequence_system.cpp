#include "pipeline/sequence_system.hpp"

#include "util/error.hpp"

namespace skr {

SequenceSystem::SequenceSystem(const Problem& problem, MPI_Comm comm) : problem_(problem) {
  problem_.create_system(comm, A_.out(), b_.out());
}

bool SequenceSystem::assemble(const Sample& sample) {
  if (assembled_ && problem_.assemble_rhs(sample, b_)) return false; // A stays as it is
  if (!next_.get()) {
    Handle<Vec> unused;
    problem_.create_system(PetscObjectComm((PetscObject)A_.get()), next_.out(), unused.out());
  }
  problem_.assemble(sample, next_, b_);
  return take_operator(next_);
}

bool SequenceSystem::assign(Mat A, Vec b) {
  SKR_PETSC(VecCopy(b, b_));
  return take_operator(A);
}

bool SequenceSystem::take_operator(Mat A) {
  if (assembled_) {
    PetscBool same = PETSC_FALSE;
    SKR_PETSC(MatEqual(A, A_, &same)); // same pattern: compares the values, exits early
    if (same) return false;
  }
  assembled_ = true;
  SKR_PETSC(MatCopy(A, A_, SAME_NONZERO_PATTERN));
  // MatCopy keeps caches derived from the values (SeqAIJ's inverted
  // diagonal that SOR uses); an assembly recomputes them.
  SKR_PETSC(MatAssemblyBegin(A_, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A_, MAT_FINAL_ASSEMBLY));
  return true;
}

} // namespace skr
