#pragma once
// The candidate methods of --solver auto and their order: each candidate's
// settings, and its predicted time per system from the cost model
// (auto_cost_model.hpp) with the coefficients earlier pilots measured on this
// machine (auto_cache.hpp), kept per family and size class.
#include "pipeline/auto_cache.hpp"
#include "pipeline/auto_cost_model.hpp"
#include "discretize/problem.hpp"
#include "solve/sequence_solver.hpp"

#include <optional>
#include <string>
#include <vector>

namespace skr {

struct Candidate {
  std::string name;
  SolverSettings settings;
  double predicted_seconds = 0; // per system
  // Its first system, set-up included: more than predicted_seconds when the
  // operator is fixed (the factorization or hierarchy is built once).
  double predicted_first_seconds = 0;
};

// What a measured cost coefficient applies to: `problem`'s family at about
// its size (unknowns within a factor of 2 of one power of 4), e.g. "darcy 4^6".
std::string cost_class(const Problem& problem);
// Every candidate method for `problem`, each starting from `base` (rtol, restart, ...).
std::vector<Candidate> auto_candidates(const Problem& problem, const SolverSettings& base);
// The same, most promising first: by predicted time per system, from the
// cost model and the coefficients an earlier pilot measured (cache).
// Time steps are ranked at `step_stiffness` (kReferenceStiffness if not given).
std::vector<Candidate> ranked_candidates(const Problem& problem, const SolverSettings& base,
                                         bool operator_fixed, const AutoCache* cache = nullptr,
                                         std::optional<double> step_stiffness = std::nullopt);
// A time-dependent family's steps for the cost model, at `step_stiffness`
// (kReferenceStiffness if not given); nullopt for a steady family.
std::optional<TimeSteps> time_steps_of(const Problem& problem,
                                       std::optional<double> step_stiffness);

} // namespace skr
