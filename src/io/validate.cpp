#include "io/validate.hpp"

#include "discretize/dmda_grid.hpp"
#include "discretize/time_stepper.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <charconv>
#include <cmath>

namespace skr {

struct Validator::State {
  std::unique_ptr<Problem> problem;
  Handle<Mat> A;
  Handle<Vec> b, x, r;
  Handle<KSP> ksp;
  bool single = false;
};

namespace {

// ||b - A x|| / ||b|| with x given in storage order (one rank: DMDA natural
// order is storage order, see discretize/dmda_grid.hpp).
double relative_residual(Mat A, Vec b, Vec x, Vec r, const std::vector<double>& values) {
  PetscScalar* a = nullptr;
  PetscInt n = 0;
  SKR_PETSC(VecGetLocalSize(x, &n));
  if (std::size_t(n) != values.size())
    fail("stored solution has {} values, the system {}", values.size(), n);
  SKR_PETSC(VecGetArray(x, &a));
  for (PetscInt i = 0; i < n; ++i) a[i] = values[i];
  SKR_PETSC(VecRestoreArray(x, &a));
  SKR_PETSC(MatMult(A, x, r));
  SKR_PETSC(VecAYPX(r, -1.0, b));
  PetscReal rn = 0, bn = 0;
  SKR_PETSC(VecNorm(r, NORM_2, &rn));
  SKR_PETSC(VecNorm(b, NORM_2, &bn));
  return bn > 0 ? double(rn / bn) : double(rn);
}

} // namespace

Validator::Validator(const DatasetReader& data, double tol)
    : data_(data), tol_(tol), state_(new State) {
  try {
    state_->problem = problem_from_dataset(data);
    state_->problem->create_system(PETSC_COMM_SELF, state_->A.out(), state_->b.out());
    SKR_PETSC(VecDuplicate(state_->b, state_->x.out()));
    SKR_PETSC(VecDuplicate(state_->b, state_->r.out()));
    SKR_PETSC(KSPCreate(PETSC_COMM_SELF, state_->ksp.out()));
    SKR_PETSC(KSPSetType(state_->ksp, KSPPREONLY));
    PC pc;
    SKR_PETSC(KSPGetPC(state_->ksp, &pc));
    SKR_PETSC(PCSetType(pc, PCLU));
    SKR_PETSC(KSPSetOptionsPrefix(state_->ksp, "validate_"));
    state_->single = data.precision() != "double";
  } catch (...) {
    delete state_;
    throw;
  }
}

Validator::~Validator() {
  delete state_;
}

SampleCheck Validator::check(std::size_t index) {
  State& s = *state_;
  if (as_time_problem(*s.problem)) return check_trajectory(index);
  const Sample sample = data_.read_inputs(index);
  const Fields outputs = data_.read_outputs(index);
  if (!outputs.count("solution")) fail("'{}' has no /outputs/solution to validate", data_.path());
  const std::vector<double> solution = s.problem->solution(outputs);
  s.problem->assemble(sample, s.A, s.b);
  SKR_PETSC(KSPSetOperators(s.ksp, s.A, s.A));
  SKR_PETSC(KSPSolve(s.ksp, s.b, s.x));
  std::vector<double> reference(solution.size());
  {
    const PetscScalar* a = nullptr;
    SKR_PETSC(VecGetArrayRead(s.x, &a));
    for (std::size_t i = 0; i < reference.size(); ++i)
      reference[i] = s.single ? double(float(PetscRealPart(a[i]))) : double(PetscRealPart(a[i]));
    SKR_PETSC(VecRestoreArrayRead(s.x, &a));
  }
  SampleCheck c;
  c.index = index;
  c.reference = relative_residual(s.A, s.b, s.x, s.r, reference);
  c.residual = relative_residual(s.A, s.b, s.x, s.r, solution);
  c.tolerance = tol_ > 0 ? tol_ : 2 * data_.rtol() + 10 * c.reference;
  c.ok = std::isfinite(c.residual) && c.residual <= c.tolerance;
  return c;
}

namespace {

double norm(const std::vector<double>& v, std::size_t first, std::size_t count) {
  double sum = 0;
  for (std::size_t i = first; i < first + count; ++i) sum += v[i] * v[i];
  return std::sqrt(sum);
}

} // namespace

SampleCheck Validator::check_trajectory(std::size_t index) {
  State& s = *state_;
  const TimeProblem& problem = *as_time_problem(*s.problem);
  const TimeSettings& time = problem.time();
  const Sample sample = problem.draw(data_.read_inputs(index).seed);
  // The reference trajectory: every step by LU, every recorded frame kept;
  // a family that advances itself (ns2d) re-runs its own advance(), which
  // is deterministic: the frames must match the stored ones to their precision.
  std::vector<std::vector<double>> frames;
  if (problem.advances_itself()) {
    frames = problem.advance(sample, PETSC_COMM_SELF, s.ksp).frames;
  } else {
    TimeStepper stepper(problem, PETSC_COMM_SELF);
    stepper.start(sample);
    frames.push_back(gather_to_storage(stepper.state()));
    for (int n = 0; n < time.steps; ++n) {
      if (stepper.form_next()) SKR_PETSC(KSPSetOperators(s.ksp, stepper.A(), stepper.A()));
      SKR_PETSC(KSPSolve(s.ksp, stepper.b(), s.x));
      stepper.accept(s.x);
      if (time.records(n + 1)) frames.push_back(gather_to_storage(s.x));
    }
  }
  const Fields reference = problem.trajectory_outputs(sample, frames);
  const Fields stored = data_.read_outputs(index);
  SampleCheck c;
  c.index = index;
  c.measure = "frame difference";
  c.ok = true;
  double worst = -1;
  const std::size_t count = std::size_t(time.frames());
  for (const auto& [name, ref] : reference) {
    const auto found = stored.find(name);
    if (found == stored.end()) fail("'{}' has no /outputs/{} to validate", data_.path(), name);
    const std::vector<double>& got = found->second;
    if (got.size() != ref.size())
      fail("'{}': /outputs/{} holds {} values per sample, the trajectory {}", data_.path(), name,
           got.size(), ref.size());
    const std::size_t per_frame = ref.size() / count;
    double scale = 0, rounding = 0;
    std::vector<double> diff(ref.size()), rounded_diff(ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
      diff[i] = got[i] - ref[i];
      rounded_diff[i] = s.single ? double(float(ref[i])) - ref[i] : 0.0;
    }
    for (std::size_t j = 0; j < count; ++j) {
      scale = std::max(scale, norm(ref, j * per_frame, per_frame));
      rounding = std::max(rounding, norm(rounded_diff, j * per_frame, per_frame));
    }
    if (scale == 0) scale = 1;
    c.reference = std::max(c.reference, rounding / scale);
    for (std::size_t j = 0; j < count; ++j) {
      const double r = norm(diff, j * per_frame, per_frame) / scale;
      const double tolerance = tol_ > 0 ? tol_
                                        : 10 * double(j) * time.record_every * data_.rtol() +
                                              10 * rounding / scale;
      const bool ok = std::isfinite(r) && r <= tolerance;
      // The worst frame of all fields: the largest share of its tolerance.
      const double ratio = !std::isfinite(r) ? INFINITY : tolerance > 0 ? r / tolerance
                                                        : r > 0           ? INFINITY
                                                                          : 0.0;
      if (ratio > worst) {
        worst = ratio;
        c.residual = r;
        c.tolerance = tolerance;
        c.frame = int(j);
      }
      c.ok = c.ok && ok;
    }
  }
  return c;
}

std::vector<std::size_t> parse_sample_list(const std::string& text, std::size_t samples) {
  std::vector<std::size_t> out;
  if (text.empty() || text == "all") {
    for (std::size_t i = 0; i < samples; ++i) out.push_back(i);
    return out;
  }
  auto number = [&](const std::string& part) {
    std::size_t v = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size())
      fail("--samples: '{}' is not a sample index, list or range (e.g. 0,5,10-20)", part);
    if (v >= samples) fail("--samples: sample {} is outside 0..{}", v, samples - 1);
    return v;
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string part = text.substr(start, comma - start);
    const auto dash = part.find('-');
    if (dash != std::string::npos && (dash == 0 || dash + 1 == part.size()))
      fail("--samples: '{}' is not a sample index, list or range (indices start at 0; ranges are "
           "like 10-20)",
           part);
    if (dash == std::string::npos)
      out.push_back(number(part));
    else {
      const std::size_t lo = number(part.substr(0, dash)), hi = number(part.substr(dash + 1));
      if (hi < lo) fail("--samples: range '{}' is empty", part);
      for (std::size_t i = lo; i <= hi; ++i) out.push_back(i);
    }
    start = comma + 1;
  }
  return out;
}

} // namespace skr
