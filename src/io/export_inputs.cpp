// What the trainer layouts write as input and output tensors: the family's
// trainer channels (io/layouts.hpp TrainerInputs) and the solution with the
// masked cells at 0, so that a training file holds finite numbers only.
#include "io/export_impl.hpp"

#include "util/error.hpp"

#include <fmt/ranges.h>

#include <set>

namespace skr::detail {

namespace {

std::vector<std::string> generic_channels(const DatasetReader& data) {
  std::set<std::string> names;
  for (const auto* list : {&data.input_fields(), &data.input_scalars()})
    for (const auto& info : *list) names.insert(info.name);
  return {names.begin(), names.end()};
}

bool single_channel(Layout layout) {
  return layout == Layout::pdebench;
}

} // namespace

void check_channels_fit(Layout layout, const std::string& family,
                        const std::vector<std::string>& channels, std::size_t frames) {
  // Trajectories in pdebench carry every channel as a variable (export_time.cpp).
  if (!single_channel(layout) || channels.size() <= 1 || frames > 1) return;
  const std::vector<std::string> lost(channels.begin() + 1, channels.end());
  fail("--layout {}: {}'s trainer input has {} channels ({}) but PDEBench's Darcy reader takes "
       "one (nu), so {} would be lost; --layout fno, neuralop or well keep them all",
       layout_name(layout), family, channels.size(), fmt::join(channels, ", "),
       fmt::join(lost, ", "));
}

void resolve_channels(ExportPlan& plan) {
  const DatasetReader& data = *plan.first;
  for (const auto& f : data.input_fields())
    if (f.name == "mask") plan.mask_field = f.path;
  const TrainerInputs& trainer = plan.options.trainer;
  if (!plan.options.input_field.empty())
    plan.channels = {plan.input_field.substr(plan.input_field.find('/') + 1)};
  else if (trainer.encode)
    plan.channels = trainer.channels;
  else
    plan.channels = generic_channels(data);
  if (plan.options.layout != Layout::native)
    check_channels_fit(plan.options.layout, data.problem(), plan.channels, plan.options.frames);
}

std::vector<std::vector<double>> input_channels(const ExportPlan& plan, std::size_t r) {
  if (!plan.options.input_field.empty()) return {field_row(plan, plan.input_field, r)};
  const SourceRow& row = plan.rows.at(r);
  const Sample sample = row.data->read_inputs(row.index);
  std::size_t points = 1;
  for (int c : plan.full_cells) points *= std::size_t(c);
  const Fields channels = plan.options.trainer.encode ? plan.options.trainer.encode(sample)
                                                      : broadcast_inputs(sample, points);
  std::vector<std::vector<double>> out;
  for (const auto& name : plan.channels) {
    const auto it = channels.find(name);
    if (it == channels.end())
      fail("'{}' sample {}: no input '{}' for the trainer channels", row.data->path(), row.index,
           name);
    out.push_back(downsample(plan, it->second));
  }
  return out;
}

std::vector<double> trainer_output_row(const ExportPlan& plan, const std::string& path,
                                       std::size_t r) {
  std::vector<double> values = field_row(plan, path, r);
  if (plan.mask_field.empty()) return values;
  const std::vector<double> mask = field_row(plan, plan.mask_field, r);
  for (std::size_t c = 0; c < values.size(); ++c)
    if (mask[c % mask.size()] == 0) values[c] = 0; // outside the domain (every frame): 0
  return values;
}

std::vector<double> channel_last(const std::vector<std::vector<double>>& channels) {
  if (channels.size() == 1) return channels.front();
  const std::size_t n = channels.front().size(), c = channels.size();
  std::vector<double> out(n * c);
  for (std::size_t k = 0; k < c; ++k)
    for (std::size_t i = 0; i < n; ++i) out[i * c + k] = channels[k][i];
  return out;
}

} // namespace skr::detail
