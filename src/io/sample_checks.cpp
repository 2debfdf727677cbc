#include "io/sample_checks.hpp"

#include "io/h5.hpp"
#include "util/error.hpp"
#include "util/seed.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <numeric>

namespace skr {

namespace {

const char* kind(double v) {
  return std::isnan(v) ? "NaN" : "inf";
}

// Bit-for-bit equality (NaN equals the same NaN; 0.0 and -0.0 differ).
bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// How sample `row`'s stored fields differ from `drawn` ("" if identical),
// `drawn` rounded to the stored precision as the writer rounds it.
std::string difference(const Sample& stored, const Sample& drawn, bool single) {
  for (const auto& [name, values] : drawn.fields) {
    const auto it = stored.fields.find(name);
    if (it == stored.fields.end()) return fmt::format("input '{}' is missing", name);
    if (it->second.size() != values.size())
      return fmt::format("input '{}' has {} values, a draw {}", name, it->second.size(),
                         values.size());
    for (std::size_t c = 0; c < values.size(); ++c) {
      const double expected = single ? double(float(values[c])) : values[c];
      if (!same_bits(it->second[c], expected))
        return fmt::format("input '{}' differs from a re-draw from its stored seed (cell {}: "
                           "stored {}, drawn {})",
                           name, c, it->second[c], expected);
    }
  }
  for (const auto& [name, value] : drawn.scalars) {
    const auto it = stored.scalars.find(name);
    if (it == stored.scalars.end()) return fmt::format("input '{}' is missing", name);
    if (!same_bits(it->second, value)) // scalars are stored as float64
      return fmt::format("input '{}' differs from a re-draw from its stored seed (stored {}, "
                         "drawn {})",
                         name, it->second, value);
  }
  return "";
}

} // namespace

std::string non_finite_input(const DatasetReader& data, std::size_t i) {
  for (const auto* list : {&data.input_fields(), &data.input_scalars()})
    for (const auto& field : *list) {
      const auto values = data.read_field(field.path, i);
      for (std::size_t c = 0; c < values.size(); ++c)
        if (!std::isfinite(values[c]))
          return list == &data.input_scalars()
                     ? fmt::format("input '{}' is {}", field.name, kind(values[c]))
                     : fmt::format("input '{}' holds {} (cell {})", field.name, kind(values[c]), c);
    }
  return "";
}

std::string mask_path(const DatasetReader& data) {
  for (const auto& field : data.input_fields())
    if (field.name == "mask") return field.path;
  return "";
}

bool has_non_finite_outputs(const DatasetReader& data, std::size_t i, const std::string& mask) {
  const std::vector<double> keep =
      mask.empty() ? std::vector<double>{} : data.read_field(mask, i);
  for (const auto& field : data.output_fields()) {
    const auto values = data.read_field(field.path, i);
    for (std::size_t c = 0; c < values.size(); ++c)
      // c % cells: every frame of a trajectory shares the one mask
      if (std::isinf(values[c]) ||
          (std::isnan(values[c]) && (keep.empty() || keep[c % keep.size()] != 0)))
        return true;
  }
  return false;
}

void require_finite_inputs(const DatasetReader& data) {
  for (std::size_t i = 0; i < data.samples(); ++i)
    if (const auto what = non_finite_input(data, i); !what.empty())
      fail("'{}': sample {}'s {}: a damaged file (inputs are never NaN or inf)", data.path(), i,
           what);
}

void require_failed_marks(const DatasetReader& data) {
  const auto converged = data.read_column("stats/converged");
  const std::string mask = mask_path(data);
  for (std::size_t i = 0; i < data.samples(); ++i)
    if (converged[i] != 0 && has_non_finite_outputs(data, i, mask))
      fail("'{}': sample {} has NaN or inf outputs but stats/converged = 1 (a damaged file, not a "
           "failed solve)",
           data.path(), i);
}

struct ProvenanceCheck::State {
  const DatasetReader& data;
  std::unique_ptr<Problem> problem;
  std::vector<std::uint64_t> seeds, index;
  bool positional = false; // index[row] is the run's sample index
  bool single = false;
  std::uint64_t base = 0; // read once: HDF5 is not called from the draw threads
};

ProvenanceCheck::ProvenanceCheck(const DatasetReader& data)
    : state_(new State{data, problem_from_dataset(data), data.seeds(), {}, false,
                       data.precision() != "double", data.base_seed()}) {
  State& s = *state_;
  // A shard names its samples in meta/index; a file straight from generate
  // holds samples 0..N-1. Converted and merged files may hold any subset,
  // or several runs: only the re-draw applies there.
  if (h5::exists(data.file(), "meta/index")) {
    s.index = h5::read_all<std::uint64_t>(h5::open_dataset(data.file(), "meta/index"),
                                          H5T_NATIVE_UINT64);
    s.positional = s.index.size() == s.seeds.size();
  } else {
    s.index.resize(s.seeds.size());
    std::iota(s.index.begin(), s.index.end(), std::uint64_t{0});
    s.positional = !h5::has_attribute(data.file(), "converted_from") &&
                   !h5::has_attribute(data.file(), "merged_from");
  }
}

ProvenanceCheck::~ProvenanceCheck() = default;

std::vector<std::string> ProvenanceCheck::duplicate_seeds() const {
  std::vector<std::string> found;
  std::map<std::uint64_t, std::size_t> first;
  for (std::size_t i = 0; i < state_->seeds.size(); ++i)
    if (const auto [it, fresh] = first.emplace(state_->seeds[i], i); !fresh)
      found.push_back(fmt::format("samples {} and {} have the same meta/seed {} (a duplicated "
                                  "sample)",
                                  it->second, i, state_->seeds[i]));
  return found;
}

std::vector<std::string> ProvenanceCheck::check(const std::vector<std::size_t>& rows) const {
  const State& s = *state_;
  std::vector<std::string> found(rows.size());
  // Reads are serial (HDF5), draws parallel, a block at a time to bound memory.
  constexpr std::size_t kBlock = 64;
  for (std::size_t start = 0; start < rows.size(); start += kBlock) {
    const std::size_t end = std::min(rows.size(), start + kBlock);
    std::vector<Sample> stored;
    for (std::size_t k = start; k < end; ++k) stored.push_back(s.data.read_inputs(rows[k]));
#pragma omp parallel for schedule(dynamic)
    for (std::size_t k = start; k < end; ++k) {
      const std::size_t row = rows[k];
      const Sample& sample = stored[k - start];
      if (s.positional && sample.seed != derive_seed(s.base, s.index[row])) {
        found[k] = fmt::format("meta/seed is {}, not the seed sample {} of base seed {} draws "
                               "from (seeds swapped or copied?)",
                               sample.seed, s.index[row], s.base);
        continue;
      }
      found[k] = difference(sample, s.problem->draw(sample.seed), s.single);
    }
  }
  return found;
}

} // namespace skr
