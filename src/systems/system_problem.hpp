#pragma once
// A system sequence seen as a Problem, so that machinery written for PDE
// families (the --solver auto pilot) runs on it: sample `seed` is system
// number `seed`, the "grid" is the 1-D list of unknowns.
#include "discretize/problem.hpp"
#include "systems/source.hpp"

namespace skr::systems {

class SequenceProblem final : public Problem {
public:
  // spd: whether to offer SPD methods (CG, Cholesky) to the pilot.
  SequenceProblem(const SystemSource& source, std::int64_t rows, bool shared_pattern, bool spd);

  std::string_view name() const override { return "systems"; }
  const Grid& grid() const override { return grid_; }
  bool spd() const override { return spd_; }
  Sample draw(std::uint64_t seed) const override;
  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override;
  void assemble(const Sample& sample, Mat A, Vec b) const override;

private:
  const SystemSource& source_;
  Grid grid_;
  bool shared_pattern_, spd_;
};

// Symmetric (to rounding) with a positive diagonal: worth trying CG on.
bool looks_spd(const Csr& A);

} // namespace skr::systems
