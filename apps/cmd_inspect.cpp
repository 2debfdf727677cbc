// skr-gen inspect: what a dataset holds (problem, samples, completeness,
// arrays with shapes, dtypes, chunks and compression, solver statistics,
// the stored config), as text or as one JSON object (--json).
#include "command.hpp"
#include "io/dataset_reader.hpp"
#include "io/json.hpp"
#include "util/error.hpp"

#include <iostream>

namespace skr::app {

namespace {

std::string shape_text(const std::vector<hsize_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i)
    out += fmt::format("{}{}", i ? ", " : "", shape[i]);
  return out + "]";
}

std::vector<ArrayInfo> all_arrays(const DatasetReader& data) {
  std::vector<ArrayInfo> arrays;
  for (const char* group : {"grid", "inputs", "outputs", "meta", "stats"})
    for (auto& a : data.arrays(group)) arrays.push_back(std::move(a));
  return arrays;
}

std::string attribute(const DatasetReader& data, const std::string& name) {
  for (const auto& [key, value] : data.attributes())
    if (key == name) return value;
  return "?";
}

// "51 frames, t = 0 .. 0.5 (be, dt 0.01, 50 steps, every step recorded)".
std::string time_text(const TimeAxis& t) {
  return fmt::format("{} frames, t = {:g} .. {:g} (scheme {}, dt {:g}, {} steps, {})", t.frames,
                     t.times.front(), t.times.back(), t.scheme, t.dt, t.steps,
                     t.record_every == 1 ? std::string("every step recorded")
                                         : fmt::format("every {}th step recorded", t.record_every));
}

// Per-step solver statistics of a trajectory dataset (/stats/steps).
void print_step_stats(const DatasetReader& data) {
  const StepStatsSummary s = data.step_stats();
  const TimeAxis& t = data.time();
  const std::string column = t.stats_per_step ? "step" : "interval";
  if (t.stats_per_step)
    fmt::print("per time step ({} steps of the solved trajectories):\n", s.steps);
  else
    fmt::print("per recorded interval of {} steps ({} intervals of the solved trajectories):\n",
               t.record_every, s.steps);
  fmt::print("  iterations:      mean {:.1f}, max {} (trajectory {}, {} {})\n", s.iterations_mean,
             s.iterations_max, s.hardest_sample, column, s.hardest_step + 1);
  fmt::print("  largest true relative residual: {:.3e}\n", s.max_rel_residual);
  fmt::print("  solve time:      mean {:.5f} s, max {:.5f} s\n", s.seconds_mean, s.seconds_max);
}

void print_text(const DatasetReader& data) {
  const auto s = data.stats();
  std::string grid;
  for (int n : data.cells()) grid += fmt::format("{}{}", grid.empty() ? "" : " x ", n);
  fmt::print("file:       {}\n", data.path());
  fmt::print("problem:    {}\n", data.problem());
  fmt::print("samples:    {} ({})\n", data.samples(),
             data.complete() ? "complete"
                             : fmt::format("INCOMPLETE: {} written", data.samples_done()));
  fmt::print("grid:       {}{}\n", grid,
             data.stride() != 1 ? fmt::format(" (downsampled, stride {})", data.stride()) : "");
  if (data.time_dependent()) fmt::print("time:       {}\n", time_text(data.time()));
  fmt::print("precision:  {} | rtol {} | base seed {}\n", data.precision(), data.rtol(),
             data.base_seed());
  fmt::print("created:    {} by skr-gen {} (git {})\n", attribute(data, "created"),
             attribute(data, "generator_version"), attribute(data, "git_commit"));
  fmt::print("arrays:\n");
  for (const auto& a : all_arrays(data))
    fmt::print("  {:<24} {:<8} {:<16} chunks {:<16} {}\n", a.path, a.dtype, shape_text(a.shape),
               a.chunk.empty() ? "contiguous" : shape_text(a.chunk), a.compression);
  fmt::print("solver statistics ({} solved samples):\n", s.samples);
  fmt::print("  iterations:      mean {:.1f}, min {}, max {}\n", s.iterations_mean,
             s.iterations_min, s.iterations_max);
  fmt::print("  largest true relative residual: {:.3e}\n", s.max_rel_residual);
  fmt::print("  solve time:      total {:.4f} s, mean {:.4f} s\n", s.solve_seconds_total,
             s.solve_seconds_mean);
  fmt::print("  not converged:   {}\n", s.not_converged);
  if (data.time_dependent()) print_step_stats(data);
  fmt::print("config:\n");
  for (const auto& [key, value] : parse_config_lines(data.config()))
    fmt::print("  {} = {}\n", key, value);
}

void print_json(const DatasetReader& data) {
  const auto s = data.stats();
  std::string out = "{";
  out += fmt::format(
      "\"file\": {}, \"problem\": {}, \"samples\": {}, \"samples_done\": {}, \"complete\": {}, ",
      json::quote(data.path()), json::quote(data.problem()), data.samples(), data.samples_done(),
      data.complete() ? "true" : "false");
  out += fmt::format(
      "\"precision\": {}, \"rtol\": {}, \"base_seed\": {}, \"stride\": {}, \"grid\": {}, ",
      json::quote(data.precision()), json::number(data.rtol()), data.base_seed(), data.stride(),
      json::array(data.cells()));
  out += "\"arrays\": [";
  bool first = true;
  for (const auto& a : all_arrays(data)) {
    out += fmt::format(
        "{}{{\"path\": {}, \"dtype\": {}, \"shape\": {}, \"chunk\": {}, \"compression\": {}}}",
        first ? "" : ", ", json::quote(a.path), json::quote(a.dtype), json::array(a.shape),
        json::array(a.chunk), json::quote(a.compression));
    first = false;
  }
  out += "], ";
  out +=
      fmt::format("\"stats\": {{\"samples\": {}, \"iterations_mean\": {}, \"iterations_min\": {}, "
                  "\"iterations_max\": {}, \"max_rel_residual\": {}, \"solve_seconds_total\": {}, "
                  "\"solve_seconds_mean\": {}, \"not_converged\": {}}}, ",
                  s.samples, json::number(s.iterations_mean), s.iterations_min, s.iterations_max,
                  json::number(s.max_rel_residual), json::number(s.solve_seconds_total),
                  json::number(s.solve_seconds_mean), s.not_converged);
  if (data.time_dependent()) {
    const TimeAxis& t = data.time();
    const StepStatsSummary p = data.step_stats();
    out += fmt::format(
        "\"time\": {{\"frames\": {}, \"scheme\": {}, \"dt\": {}, \"t_final\": {}, \"steps\": {}, "
        "\"record_every\": {}, \"t\": {}, \"step_stats\": {{\"steps\": {}, \"iterations_mean\": {}, "
        "\"iterations_max\": {}, \"max_rel_residual\": {}, \"seconds_mean\": {}, "
        "\"seconds_max\": {}}}}}, ",
        t.frames, json::quote(t.scheme), json::number(t.dt), json::number(t.t_final), t.steps,
        t.record_every, json::array(t.times), p.steps, json::number(p.iterations_mean),
        p.iterations_max, json::number(p.max_rel_residual), json::number(p.seconds_mean),
        json::number(p.seconds_max));
  }
  out += "\"config\": {";
  first = true;
  for (const auto& [key, value] : parse_config_lines(data.config())) {
    out += fmt::format("{}{}: {}", first ? "" : ", ", json::quote(key), json::quote(value));
    first = false;
  }
  out += "}, \"attributes\": {";
  first = true;
  for (const auto& [key, value] : data.attributes()) {
    out += fmt::format("{}{}: {}", first ? "" : ", ", json::quote(key), json::quote(value));
    first = false;
  }
  out += "}}\n";
  fmt::print("{}", out);
}

} // namespace

constexpr const char* kHelp = R"help(usage: skr-gen inspect FILE [--json]

Prints what a native skr-gen dataset holds: problem, samples and completeness, every
array with its dtype, shape, chunks and compression, solver statistics (iterations,
largest true relative residual, solve times, non-converged samples) and the stored
config. Incomplete (interrupted) files are inspected too and flagged.
Time-dependent datasets (trajectories) also show their frames, times, time scheme,
dt and steps, and per-step statistics from /stats/steps (mean and max iterations
per step and where the hardest step was, largest residual, step solve times).

examples:
  skr-gen inspect darcy.h5
  skr-gen inspect darcy.h5 --json | python3 -m json.tool

)help";

int run_inspect(const Arguments& args) {
  po::options_description desc = command_options("inspect options", false);
  add_switch(desc, "json", "print one JSON object");
  desc.add_options()("file", po::value<std::string>(), "dataset to inspect");
  refuse_petsc_options(args, "inspect");
  const auto vm = parse_with_positional(args.ours, desc, "file");
  if (print_help_if_asked(vm, kHelp, desc)) return 0;
  if (!vm.count("file")) fail("inspect: missing FILE (skr-gen inspect FILE)");
  const DatasetReader data(vm["file"].as<std::string>(), Incomplete::allow);
  if (vm["json"].as<bool>())
    print_json(data);
  else
    print_text(data);
  return 0;
}

} // namespace skr::app
