// skr-time-study: per-step iterations and times of several solvers on the
// same trajectories of a time-dependent family (the measurements of
// docs/PERFORMANCE.md, "Time-dependent families"). A developer tool, not
// installed: cmake --build build --target skr-time-study.
//
//   skr-time-study FAMILY TRAJECTORIES METHOD[,METHOD...] [family options] [PETSc options]
//   METHOD = direct | auto | KSP+PC[:k=K][:m=M][:reuse=R][:every=C][:adaptive][:cold]
//   skr-time-study advdiff-t 2 direct,gmres+ilu,bicgstab+ilu,gcrodr+ilu,gcrodr+ilu:adaptive
//       --grid 128 --peclet 200 --dt 0.01 --t-final 1   (one line)
//
// Every iterative method starts each step from the extrapolated guess unless
// :cold; "auto" runs the pilot (its time counted) and then the winner.
#include "discretize/dmda_grid.hpp"
#include "discretize/problem_registry.hpp"
#include "discretize/time_stepper.hpp"
#include "pipeline/auto_solver.hpp"
#include "problems/registry.hpp"
#include "solve/gcrodr.hpp"
#include "solve/register.hpp"
#include "solve/sequence_solver.hpp"
#include "util/error.hpp"
#include "util/petsc_session.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace {

using namespace skr;

struct Method {
  std::string name;
  SolverSettings settings;
  int update_every = -1;
  bool automatic = false;
};

Method parse_method(const std::string& text) {
  Method m;
  m.name = text;
  std::stringstream parts(text);
  std::string head, option;
  std::getline(parts, head, ':');
  m.settings.warm_start = WarmStart::on;
  m.settings.fallback = "none";
  if (head == "auto") {
    m.automatic = true;
    m.settings.ksp_type = "auto";
    return m;
  }
  if (head == "direct") head = "preonly+lu";
  const auto plus = head.find('+');
  if (plus == std::string::npos) fail("method '{}': KSP+PC expected", text);
  m.settings.ksp_type = head.substr(0, plus);
  m.settings.pc_type = head.substr(plus + 1);
  while (std::getline(parts, option, ':')) {
    const auto eq = option.find('=');
    const std::string key = option.substr(0, eq);
    const int value = eq == std::string::npos ? 0 : std::stoi(option.substr(eq + 1));
    if (key == "k") m.settings.recycle = value;
    else if (key == "m") m.settings.restart = value;
    else if (key == "reuse") m.settings.pc_reuse = value;
    else if (key == "every") m.update_every = value;
    else if (key == "adaptive") m.settings.adaptive_recycling = true;
    else if (key == "cold") m.settings.warm_start = WarmStart::off;
    else fail("method '{}': unknown option '{}'", text, key);
  }
  return m;
}

struct Steps {
  std::vector<double> iterations, seconds; // summed over trajectories, per step index
  double pilot_seconds = 0;
  std::string chosen;
};

// Every trajectory with one solver; per-step sums.
Steps run(const TimeProblem& problem, const std::vector<Sample>& samples, Method method) {
  Steps out;
  const int S = problem.time().steps;
  out.iterations.assign(S, 0);
  out.seconds.assign(S, 0);
  if (method.automatic) {
    const SolverChoice choice = choose_solver(problem, samples, SolverSettings{}, samples.size());
    out.pilot_seconds = choice.exploration_seconds + choice.assembly_seconds;
    out.chosen = choice.name;
    std::fprintf(stderr, "%s", choice.report().c_str());
    method.settings = choice.settings;
  }
  SequenceSolver solver(PETSC_COMM_SELF, method.settings);
  if (method.update_every >= 0) SKR_PETSC(KSPGCRODRSetUpdateEvery(solver.ksp(), method.update_every));
  TimeStepper stepper(problem, PETSC_COMM_SELF);
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(stepper.b(), x.out()));
  for (const Sample& sample : samples) {
    stepper.start(sample);
    for (int n = 0; n < S; ++n) {
      stepper.form_next();
      stepper.predict(x);
      const SolveStats stats = solver.solve(stepper.A(), stepper.b(), x);
      if (!stats.converged) fail("{}: step {} did not converge", method.name, n);
      out.iterations[n] += stats.iterations;
      out.seconds[n] += stats.solve_seconds;
      stepper.accept(x);
    }
  }
  return out;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

void report(const std::vector<Method>& methods, const std::vector<Steps>& steps, std::size_t n,
            int S) {
  const int bucket = std::max(1, S / 10);
  std::printf("| steps |");
  for (const auto& m : methods) std::printf(" %s its, ms |", m.name.c_str());
  std::printf("\n|---|");
  for (std::size_t i = 0; i < methods.size(); ++i) std::printf("---|");
  std::printf("\n");
  for (int first = 0; first < S; first += bucket) {
    const int last = std::min(S, first + bucket);
    std::printf("| %d-%d |", first + 1, last);
    for (const Steps& s : steps) {
      double its = 0, sec = 0;
      for (int k = first; k < last; ++k) its += s.iterations[k], sec += s.seconds[k];
      const double count = double(n) * (last - first);
      std::printf(" %.1f, %.2f |", its / count, 1e3 * sec / count);
    }
    std::printf("\n");
  }
  std::printf("\n| method | iterations/step | s/step (solve) | s/step incl. pilot |\n|---|---|---|---|\n");
  for (std::size_t i = 0; i < methods.size(); ++i) {
    const double count = double(n) * S;
    std::printf("| %s%s | %.2f | %.5f | %.5f |\n", methods[i].name.c_str(),
                steps[i].chosen.empty() ? "" : fmt::format(" ({})", steps[i].chosen).c_str(),
                sum(steps[i].iterations) / count, sum(steps[i].seconds) / count,
                (sum(steps[i].seconds) + steps[i].pilot_seconds) / count);
  }
}

int study(const std::vector<std::string>& args) {
  if (args.size() < 3) fail("usage: skr-time-study FAMILY TRAJECTORIES METHODS [options]");
  const ProblemFamily& family = find_problem_family(args[0]);
  po::options_description desc;
  desc.add(family.options());
  add_option(desc, "grid", family.default_grid, "");
  // --family-option [value] and -petsc_option [value]; a value may be a negative number.
  auto is_value = [](const std::string& a) {
    char* end = nullptr;
    std::strtod(a.c_str(), &end);
    return a.empty() || a[0] != '-' || (end && *end == '\0');
  };
  std::vector<std::string> words, petsc;
  for (std::size_t i = 3; i < args.size(); ++i) {
    auto& target = args[i].rfind("--", 0) == 0 ? words : petsc;
    target.push_back(args[i]);
    if (i + 1 < args.size() && is_value(args[i + 1])) target.push_back(args[++i]);
  }
  po::variables_map vm;
  po::store(po::command_line_parser(words).options(desc).run(), vm);
  po::notify(vm);
  PetscSession session(petsc);
  const auto problem = family.make(vm);
  const TimeProblem* time = as_time_problem(*problem);
  if (!time) fail("{} is not time-dependent", args[0]);
  const std::size_t n = std::stoul(args[1]);
  std::vector<Sample> samples;
  for (std::size_t i = 0; i < n; ++i) samples.push_back(problem->draw(1000 + i));
  std::vector<Method> methods;
  std::stringstream list(args[2]);
  for (std::string m; std::getline(list, m, ',');) methods.push_back(parse_method(m));
  std::vector<Steps> steps;
  for (const Method& m : methods) steps.push_back(run(*time, samples, m));
  report(methods, steps, n, time->time().steps);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  skr::register_problem_families();
  skr::PetscSession::add_initializer(skr::register_ksp_types);
  try {
    return study({argv + 1, argv + argc});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "skr-time-study: error: %s\n", e.what());
    return 1;
  }
}
