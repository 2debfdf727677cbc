#include "io/validate.hpp"

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
