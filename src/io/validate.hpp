#pragma once
// Re-checks stored samples against their rebuilt systems. For sample i the
// system A x = b is re-assembled from the *stored* inputs (float32 storage
// rounds the coefficients, so this is the system the stored data describe)
// and the true relative residual r = ||b - A u|| / ||b|| of the stored
// solution u is computed.
//
// Tolerance (documented in `skr-gen validate --help`): a direct LU solve of
// the rebuilt system in double, rounded to the storage precision, has
// residual r_ref: the best any stored solution can do. A sample passes when
//   r <= 2 * rtol + 10 * r_ref
// (rtol: the file's solver tolerance; the generator guarantees a true
// residual <= rtol before rounding, which adds about r_ref). --tol T
// replaces this with r <= T. Needs an initialised PETSc (PetscSession).
//
// Trajectories (time-dependent families, whose intermediate steps need not be
// stored): the trajectory is re-run from its stored seed, every step solved by
// LU in double, and every recorded frame j compared with the stored one:
//   r_j = ||u_stored,j - u_ref,j|| / max_k ||u_ref,k||
// passes when r_j <= 10 * n_j * rtol + 10 * r_round, n_j the steps up to
// frame j (each step's residual <= rtol adds at most about rtol * ||u|| to a
// stable implicit scheme's error) and r_round the reference's own rounding to
// the stored precision; --tol T replaces this with r_j <= T.
#include "io/dataset_reader.hpp"

#include <string>
#include <vector>

namespace skr {

struct SampleCheck {
  std::size_t index = 0;
  double residual = 0;  // stored solution, rebuilt system
  double reference = 0; // LU solution rounded to storage precision
  double tolerance = 0;
  bool ok = false;
  // What `residual` measures, for messages: a residual, or a trajectory's
  // largest frame difference (`frame` is then the worst frame).
  std::string measure = "relative residual";
  int frame = -1;
};

class Validator {
public:
  // tol > 0 replaces the automatic tolerance.
  Validator(const DatasetReader& data, double tol = 0);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  SampleCheck check(std::size_t index);

private:
  SampleCheck check_trajectory(std::size_t index);
  struct State;
  const DatasetReader& data_;
  double tol_;
  State* state_;
};

// "0,5,10-20" -> {0, 5, 10, ..., 20}; every index must be < samples.
// Empty text: all samples.
std::vector<std::size_t> parse_sample_list(const std::string& text, std::size_t samples);

} // namespace skr
