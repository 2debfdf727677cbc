#include "pipeline/sequence_system.hpp"

#include "util/error.hpp"
#include "util/mpi.hpp"

namespace skr {

SequenceSystem::SequenceSystem(const Problem& problem, MPI_Comm comm) : problem_(problem) {
  problem_.create_system(comm, A_.out(), b_.out());
}

bool SequenceSystem::assemble(const Sample& sample, std::optional<SystemValues> values) {
  if (assembled_ && problem_.operator_is_fixed(sample)) { // A stays as it is
    if (values)
      set_system_values(*values, nullptr, b_);
    else
      problem_.assemble(sample, nullptr, b_);
    return false;
  }
  if (values && values->entries) return assemble_values(std::move(*values));
  last_.reset();
  problem_.assemble(sample, next(), b_);
  return take_operator(next_);
}

bool SequenceSystem::assemble_values(SystemValues values) {
  set_system_values(values, nullptr, b_);
  bool changed = true;
  if (last_ && same_everywhere(*last_, values)) {
    changed = false;
  } else if (assembled_ && !last_) { // A_ came another way (a pilot's): compare as matrices
    set_stencil_values(next(), values.operator_entries());
    changed = take_operator(next_);
  } else {
    set_stencil_values(A_, values.operator_entries());
    assembled_ = true;
  }
  last_ = std::move(values);
  return changed;
}

// Every rank of A's communicator takes the same branch (setting values is collective).
bool SequenceSystem::same_everywhere(const SystemValues& a, const SystemValues& b) const {
  const bool differs = !same_operator(a, b);
  return max_over(PetscObjectComm((PetscObject)A_.get()), differs ? 1.0 : 0.0) == 0.0;
}

bool SequenceSystem::assign(Mat A, Vec b) {
  last_.reset();
  SKR_PETSC(VecCopy(b, b_));
  return take_operator(A);
}

Mat SequenceSystem::next() {
  if (!next_.get()) {
    Handle<Vec> unused;
    problem_.create_system(PetscObjectComm((PetscObject)A_.get()), next_.out(), unused.out());
  }
  return next_;
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
