#pragma once
// skr-gen estimate: predicts the wall time and disk size of a generate run
// from a short pilot on the first samples of its sorted sequence, with the
// same solver settings (--solver auto runs generate's own auto pilot first).
// Time = setup + drawing and sorting all N + the auto pilot + per-sample
// assembly, solve and I/O extrapolated to N (solves: the first half of the
// pilot as measured, the rest at the mean of the second half, when recycling
// has warmed up). Size = fixed part + N x stored bytes per sample, measured by
// writing the pilot to a temporary native file (gzip as generate does it).
// With more than one thread generate writes its batches in the background
// while it solves: the I/O then counts only where it outlasts assembly + solves.
#include "pipeline/generate.hpp"

#include <string>

namespace skr {

// "1.23 GB" (powers of 1000).
std::string human_bytes(double bytes);

struct GenerateEstimate {
  std::size_t samples = 0, pilot_samples = 0, sort_basis = 0;
  std::string solver, solver_report;
  // Predicted seconds of each part of the run.
  double setup_seconds = 0, sort_seconds = 0, auto_pilot_seconds = 0;
  // drawing: a sample and its system's values, off the solving thread with the
  // overlap; assembly: setting them into the system, on it.
  double draw_seconds = 0, assembly_seconds = 0, solve_seconds = 0, io_seconds = 0;
  // Pilot measurements per sample.
  double draw_per_sample = 0, assembly_per_sample = 0, solve_per_sample = 0, io_per_sample = 0;
  double raw_bytes_per_sample = 0, stored_bytes_per_sample = 0, fixed_bytes = 0;
  double estimate_seconds = 0;  // how long the estimate itself took
  std::size_t pilot_failed = 0; // pilot solves that did not converge
  bool overlap = false;         // drawing and I/O run beside the solves (more than one thread)

  double total_seconds() const;
  double total_bytes() const { return fixed_bytes + samples * stored_bytes_per_sample; }
  std::string report() const; // the lines skr-gen estimate prints
};

// Pilot length for an N-sample run: about 5%, 8 to 40 samples (at most N).
std::size_t estimate_pilot_size(std::size_t samples);

// pilot = 0: estimate_pilot_size(config.samples). config.out is not touched.
GenerateEstimate estimate_generate(const Problem& problem, const GenerateConfig& config,
                                   std::size_t pilot = 0);

} // namespace skr
