#pragma once
// Checks that a stored sample is what it claims to be, shared by validate,
// convert and merge (a damaged or hand-edited file must not reach a
// trainer's file looking whole).
//   - inputs are finite: a NaN or inf input is damage, never a failed solve;
//   - outputs are finite unless the sample is marked failed (converged = 0),
//     NaN where an input `mask` is 0 aside (thermal's slot, by design);
//   - provenance: meta/seed is derive_seed(base_seed, index) and the inputs
//     are, bit for bit, a fresh draw from that seed rounded as the writer
//     rounds them (float32 by default).
#include "io/dataset_reader.hpp"

#include <memory>
#include <string>
#include <vector>

namespace skr {

// "input 'coeff' holds NaN at cell 17" for the first non-finite input of
// sample i; empty if all are finite.
std::string non_finite_input(const DatasetReader& data, std::size_t i);

// The path of the input field `mask` ("" if the file has none).
std::string mask_path(const DatasetReader& data);

// Whether sample i's outputs hold an inf, or a NaN where the mask (if any,
// see mask_path) is not 0.
bool has_non_finite_outputs(const DatasetReader& data, std::size_t i, const std::string& mask);

// Fails naming the first sample whose inputs are not finite.
void require_finite_inputs(const DatasetReader& data);

// Fails naming the first sample with NaN or inf outputs that is not marked
// failed (stats/converged = 1): a solution that was lost, not a failed solve.
void require_failed_marks(const DatasetReader& data);

// Re-draws samples from their stored seeds (Problem::draw) and compares.
class ProvenanceCheck {
public:
  explicit ProvenanceCheck(const DatasetReader& data);
  ~ProvenanceCheck();
  // Duplicate seeds over the whole file, as one message per duplicate
  // ("samples 3 and 5 have the same seed ...").
  std::vector<std::string> duplicate_seeds() const;
  // For each of `rows` (in order): "" if sample row's stored seed is the one
  // its index derives and its inputs equal the re-draw bit for bit, else
  // what differs. Draws on the calling rank's OpenMP threads.
  std::vector<std::string> check(const std::vector<std::size_t>& rows) const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace skr
