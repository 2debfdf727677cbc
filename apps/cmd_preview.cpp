// skr-gen preview: solve the first few samples of a family and render their
// input and output fields as one PNG, to see what a configuration produces
// before generating thousands of samples.
#include "command.hpp"
#include "discretize/dmda_grid.hpp"
#include "pipeline/generate.hpp"
#include "pipeline/trajectory.hpp"
#include "preview_frames.hpp"
#include "render/figure.hpp"
#include "solve/gcrodr.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/petsc_session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <iostream>

namespace skr::app {

namespace {

po::options_description preview_options() {
  po::options_description desc = command_options("preview options", true);
  add_switch(desc, "quiet,q", "print only errors");
  add_sample_options(desc, {"4", "samples to show, one row each (1 to 64)",
                            "base seed: the rows are samples 0, 1, ... of generate with this seed",
                            false});
  add_option(desc, "in", "",
             "draw the samples of this stored native dataset instead of solving (trajectories: "
             "--frames frames of --field per sample)");
  add_option(desc, "field", "", "with --in, for trajectories: output field (default solution)");
  add_option(desc, "frames", "4",
             "trajectories (--in FILE or a time-dependent family): frames per sample (1 to 16)");
  add_option(desc, "out", "preview.png", "output PNG file");
  add_option(desc, "width", "0",
             "image width in pixels (the height follows); 0: 400 per field, at least 800");
  add_petsc_option(desc);
  desc.add(solver_options());
  return desc;
}

constexpr const char* kHelp =
    R"help(usage: skr-gen preview [options] [problem options] [PETSc options]

Draws the first --samples instances of --problem (the same seeds as generate), solves
them and writes a PNG: one row per sample; columns are the input fields, then the
output fields (3-D families: the middle z-slice). Each panel is titled with its field,
the sample's index and its scalar inputs (e.g. helmholtz's wavenumber), has x and y
axes and its own colour scale with a labelled colour bar; NaN cells (e.g. thermal's
slot) are grey. --solver auto means a direct LU solve here (3-D: CG + BoomerAMG, or
GCRO-DR + ILU for non-SPD families).

examples:
  skr-gen preview --problem darcy --samples 4 --out darcy.png
  skr-gen preview --problem helmholtz --grid 96 --width 1200 --out helmholtz.png
  skr-gen preview --problem darcy3d --seed 7 --solver gcrodr --pc ilu --out d3.png
  skr-gen preview --in heat.h5 --samples 3 --frames 5 --out heat.png

--in FILE draws a stored dataset instead (no solve): steady data as above; a
time-dependent dataset (trajectories) as one row per sample and one column per frame
(--frames of them, spread evenly from the initial condition to the last), each panel
titled with its time t. A time-dependent family (e.g. heat) is drawn the same way
after solving each sample's trajectory (--frames frames of its first output).

)help";

// A field's panel titled "inputs/coeff · sample 2", its notes the sample's
// scalar inputs ("wavenumber = 27.3").
render::FieldPanel titled_panel(const Grid& grid, const std::vector<double>& values,
                                const std::string& path, const std::string& name, std::size_t index,
                                const std::map<std::string, double>& scalars) {
  render::FieldPanel panel = render::field_view(grid, values);
  panel.title = fmt::format("{} \u00b7 sample {}", path, index);
  panel.bar_label = name;
  for (const auto& [scalar, value] : scalars)
    panel.notes.push_back(fmt::format("{} = {:.4g}", scalar, value));
  return panel;
}

// A time-dependent family: each sample's trajectory solved step by step
// (pipeline/trajectory.hpp), one row per sample, --frames frames of the
// first output as columns.
int preview_trajectories(const po::variables_map& vm, const TimeProblem& problem,
                         const SolverSettings& settings, std::size_t samples, int width,
                         const std::string& out) {
  TrajectorySolver trajectories(problem, PETSC_COMM_SELF);
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(trajectories.state_shape(), x.out()));
  SKR_PETSC(VecZeroEntries(x));
  SequenceSolver solver(PETSC_COMM_SELF, settings);
  const TimeSettings& time = problem.time();
  std::vector<double> times;
  for (int f = 0; f < time.frames(); ++f) times.push_back(time.frame_time(f));
  const auto frames = chosen_frames(times.size(), get_int_as<std::size_t>(vm, "frames", 1, 16));
  std::vector<std::vector<render::FieldPanel>> rows;
  std::string field;
  std::size_t failed = 0;
  const auto seeds = sample_seeds(get_uint64(vm, "seed"), samples);
  for (std::size_t index = 0; index < seeds.size(); ++index) {
    const Sample sample = problem.draw(seeds[index]);
    TrajectoryRun run = trajectories.solve(sample, solver, x);
    if (!run.total.converged) {
      ++failed; // its frames after the failed step are NaN (drawn grey)
      SKR_PETSC(VecZeroEntries(x));
    }
    const auto& [name, values] = *run.outputs.begin();
    field = "outputs/" + name;
    rows.push_back(frame_panels(problem.grid(), values, field, index, times, frames));
  }
  if (width == 0) width = std::max<int>(800, 400 * static_cast<int>(frames.size()));
  const render::Image image = render::render_figure(rows, width);
  render::write_png(out, image);
  if (!vm["quiet"].as<bool>()) {
    std::string at;
    for (std::size_t f : frames) at += fmt::format("{}{:.4g}", at.empty() ? "" : " | ", times[f]);
    std::printf("wrote %s: %dx%d pixels, %zu trajectories of %s (%s)\n", out.c_str(), image.width,
                image.height, samples, std::string(problem.name()).c_str(),
                solver.description().c_str());
    std::printf("columns: %s at t = %s\n", field.c_str(), at.c_str());
  }
  if (failed)
    std::fprintf(stderr, "skr-gen: warning: %zu of %zu trajectories did not converge (grey)\n",
                 failed, samples);
  return 0;
}

} // namespace

int run_preview(const Arguments& args) {
  const auto parsed = parse_with_problem(args.ours, preview_options());
  if (print_help_if_asked(parsed, kHelp)) return 0;
  const auto& vm = parsed.vm;
  const auto samples = get_int_as<std::size_t>(vm, "samples", 1, 64); // more do not fit a page
  auto width = get_int_as<int>(vm, "width", 0);
  const std::string out = get_string(vm, "out");
  check_output_file(out, "--out"); // before any solve
  // A PNG written over a dataset (--out data.h5) would destroy it.
  if (std::filesystem::path(out).extension() != ".png")
    fail("--out: '{}' does not end in .png", out);
  if (!get_string(vm, "in").empty()) return preview_dataset(vm, samples);
  SolverSettings settings = solver_settings(vm);

  PetscSession session(petsc_arguments(vm, args));
  const auto problem = parsed.family->make(vm);
  if (settings.ksp_type == "auto") { // direct in 2-D; 3-D LU fill-in is too slow for a preview
    const bool three_d = problem->grid().dims() == 3;
    settings.ksp_type = !three_d ? KSPPREONLY : problem->spd() ? KSPCG : KSPGCRODR;
    settings.pc_type = !three_d ? PCLU : problem->spd() ? PCHYPRE : PCILU;
  }
  if (const auto* timed = dynamic_cast<const TimeProblem*>(problem.get()))
    return preview_trajectories(vm, *timed, settings, samples, width, out);
  const Grid& grid = problem->grid();
  Handle<Mat> A;
  Handle<Vec> b, x;
  problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
  SKR_PETSC(VecDuplicate(b, x.out()));
  SKR_PETSC(VecZeroEntries(x));
  SequenceSolver solver(PETSC_COMM_SELF, settings);

  std::vector<std::vector<render::FieldPanel>> rows;
  std::vector<std::string> columns;
  std::size_t failed = 0;
  const auto seeds = sample_seeds(get_uint64(vm, "seed"), samples);
  for (std::size_t index = 0; index < seeds.size(); ++index) {
    const Sample sample = problem->draw(seeds[index]);
    problem->assemble(sample, A, b);
    const SolveStats stats = solver.solve(A, b, x);
    Fields outputs = problem->outputs(sample, gather_to_storage(x));
    if (!stats.converged) {
      ++failed;
      for (auto& [name, values] : outputs) std::fill(values.begin(), values.end(), std::nan(""));
      SKR_PETSC(VecZeroEntries(x));
    }
    std::vector<render::FieldPanel> row;
    const bool first = columns.empty();
    for (const Fields* group : std::initializer_list<const Fields*>{&sample.fields, &outputs})
      for (const auto& [name, values] : *group) {
        const std::string path = (group == &outputs ? "outputs/" : "inputs/") + name;
        row.push_back(titled_panel(grid, values, path, name, index, sample.scalars));
        if (!stats.converged && group == &outputs)
          row.back().notes.insert(row.back().notes.begin(), "did not converge");
        if (first) columns.push_back(path);
      }
    rows.push_back(std::move(row));
  }
  if (width == 0) width = std::max<int>(800, 400 * static_cast<int>(columns.size()));
  const render::Image image = render::render_figure(rows, width);
  render::write_png(out, image);
  if (!vm["quiet"].as<bool>()) {
    std::string names;
    for (const auto& c : columns) names += (names.empty() ? "" : " | ") + c;
    std::printf("wrote %s: %dx%d pixels, %zu samples of %s (%s)\n", out.c_str(), image.width,
                image.height, samples, parsed.family->name.c_str(), solver.description().c_str());
    std::printf("columns: %s\n", names.c_str());
  }
  if (failed)
    std::fprintf(stderr, "skr-gen: warning: %zu of %zu samples did not converge (drawn grey)\n",
                 failed, samples);
  return 0;
}

} // namespace skr::app
