#pragma once
// The solve pipeline: read a sequence of user systems (A_i, b_i), check and
// scan them (same-matrix detection, features), sort them by similarity,
// solve them in that order with one SequenceSolver, and write x_i and the
// per-system statistics in the input order to the native dataset layout:
//   /outputs/solution [N, n], /meta/{seed = i, solve_position}, /stats/...,
//   /grid/x [n] (placeholder unknown coordinates), provenance attributes.
#include "pipeline/generate.hpp"
#include "solve/sequence_solver.hpp"

#include <cstdint>
#include <string>

namespace skr {

struct SolveSystemsConfig {
  std::string systems; // --systems SOURCE
  std::string format = "auto";
  std::string out;
  bool overwrite = false;
  bool resume = false;
  bool double_precision = false;
  std::string sort_method = "auto";
  std::string features = "auto"; // provided | values | rhs | auto
  std::size_t feature_dims = 64;
  SolverSettings solver;
  std::string config_text;
  bool progress = true;
  std::size_t checkpoint_samples = 32;
  double checkpoint_seconds = 60;
};

struct SolveSystemsSummary : GenerateSummary {
  std::string source_format;
  std::string features; // description of the features used for sorting
  std::int64_t unknowns = 0;
  bool identical_matrices = false;
};

SolveSystemsSummary run_solve_systems(const SolveSystemsConfig& config);

} // namespace skr
