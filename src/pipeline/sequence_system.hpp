#pragma once
// The system A x = b of the current sample of a sequence, assembled so that A
// changes (its PETSc object state increases) only when its values do. In
// families where only the right-hand side varies (thermal, poisson) every
// solver then keeps what it built for the operator across the whole sequence:
// PETSc keeps the factorization or preconditioner, GCRO-DR and RCG keep
// C = A U, instead of rebuilding them for identical values.
#include "discretize/problem.hpp"
#include "discretize/system_values.hpp"
#include "util/petsc_handle.hpp"

#include <optional>

namespace skr {

class SequenceSystem {
public:
  SequenceSystem(const Problem& problem, MPI_Comm comm);

  // Assembles `sample`'s system into A() and b(); returns true when A's values
  // differ from the previous sample's (always on the first call). `values`:
  // the sample's, computed already (Problem::system_values, on any thread,
  // without the operator's entries when its operator is fixed); A then
  // changes only when its entries differ from the last ones.
  bool assemble(const Sample& sample, std::optional<SystemValues> values = std::nullopt);
  // The same for a system assembled earlier (same pattern), e.g. a pilot's.
  bool assign(Mat A, Vec b);

  Mat A() const { return A_; }
  Vec b() const { return b_; }
  // The cells this rank owns: those of the family's system_values.
  OwnedBox owned_box() const { return owned_box_of(b_); }

private:
  bool assemble_values(SystemValues values);
  bool take_operator(Mat A); // copies A's values into A_ unless equal; true when copied
  Mat next();                // next_, created on first use
  bool same_everywhere(const SystemValues& a, const SystemValues& b) const;

  const Problem& problem_;
  Handle<Mat> A_;    // what the solver sees
  Handle<Mat> next_; // where each sample is assembled before the comparison
  Handle<Vec> b_;
  bool assembled_ = false; // A_ holds some sample's operator
  std::optional<SystemValues> last_; // the values A_ holds, when set from values
};

} // namespace skr
