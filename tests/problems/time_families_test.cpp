// advdiff-t, darcy-t, diffreact: temporal orders against manufactured
// space-time solutions, the true residual of every step solved through the
// sequence solver, and what each family draws.
//
// Manufactured solution: u(t) = g(t) phi with phi a smooth grid function and
// the forcing f(t, u) = F(t, u) - F(t, g phi) + g' phi + g L_h(t) phi, where F
// is the family's own forcing and L_h(t) its own discrete operator. Then g phi
// solves the semi-discrete system u' = -L_h(t) u + f(t, u) exactly, so the
// error at the final time is the time integrator's alone (no spatial error to
// floor the orders), for the family's moving operator and, for diffreact, its
// explicitly treated reaction (the IMEX splitting) or its linearised implicit
// reaction (L(t, u) = L - D(u) with D(u) the Jacobian's diagonal; taken at g phi
// in the manufactured term, the split F - D u cancels: F(g phi) is what is added).
#include <doctest/doctest.h>

#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/time_stepper.hpp"
#include "problems/problem_fixture.hpp"
#include "solve/sequence_solver.hpp"

#include <numbers>

using namespace skr;
using skr::test::make_problem;

namespace {
constexpr double pi = std::numbers::pi;

double g(double t) { return std::cos(2 * t) + 0.5 * std::sin(3 * t); }
double g_dot(double t) { return -2 * std::sin(2 * t) + 1.5 * std::cos(3 * t); }

// The family with its forcing replaced by the manufactured one.
class Manufactured final : public TimeProblem {
public:
  Manufactured(const TimeProblem& base, std::vector<double> phi) : base_(base), phi_(std::move(phi)) {}

  std::string_view name() const override { return base_.name(); }
  const Grid& grid() const override { return base_.grid(); }
  const TimeSettings& time() const override { return base_.time(); }
  Sample draw(std::uint64_t seed) const override { return base_.draw(seed); }
  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    base_.create_system(comm, A, b);
  }
  bool operator_changes_in_time() const override { return base_.operator_changes_in_time(); }
  bool forcing_depends_on_state() const override { return base_.forcing_depends_on_state(); }
  void assemble_operator(const Sample& s, double t, Mat L) const override {
    base_.assemble_operator(s, t, L);
  }
  void assemble_operator_at(const Sample& s, double t, Vec u, Mat L) const override {
    base_.assemble_operator_at(s, t, u, L);
  }
  void initial_state(const Sample&, Vec u) const override { exact(0.0, u); }

  void assemble_forcing(const Sample& s, double t, Vec u, Vec f) const override {
    Handle<Mat> L;
    Handle<Vec> b, exact_u, work;
    base_.create_system(PetscObjectComm((PetscObject)f), L.out(), b.out());
    SKR_PETSC(VecDuplicate(b, exact_u.out()));
    SKR_PETSC(VecDuplicate(b, work.out()));
    exact(t, exact_u);
    base_.assemble_operator_at(s, t, exact_u, L); // a linearised L(t, u) and its f agree at u
    base_.assemble_forcing(s, t, u, f);             // F(t, u)
    base_.assemble_forcing(s, t, exact_u, work);    // F(t, g phi)
    SKR_PETSC(VecAXPY(f, -1.0, work));
    SKR_PETSC(MatMult(L, exact_u, work));           // g L phi
    SKR_PETSC(VecAXPY(f, 1.0, work));
    phi_times(g_dot(t), work);                      // g' phi
    SKR_PETSC(VecAXPY(f, 1.0, work));
  }

  void exact(double t, Vec u) const { phi_times(g(t), u); }

  void phi_times(double c, Vec u) const {
    std::vector<double> v(phi_);
    for (double& x : v) x *= c;
    scatter_from_storage(v, u);
  }

private:
  const TimeProblem& base_;
  std::vector<double> phi_;
};

// Runs one trajectory with LU solves; the final state in storage order.
std::vector<double> final_state(const TimeProblem& problem, const Sample& sample) {
  TimeStepper stepper(problem, PETSC_COMM_SELF);
  Handle<KSP> ksp;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetType(ksp, KSPPREONLY));
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  SKR_PETSC(PCSetType(pc, PCLU));
  Handle<Vec> x;
  SKR_PETSC(VecDuplicate(stepper.b(), x.out()));
  stepper.start(sample);
  for (int n = 0; n < problem.time().steps; ++n) {
    stepper.form_next();
    SKR_PETSC(KSPSetOperators(ksp, stepper.A(), stepper.A()));
    SKR_PETSC(KSPSolve(ksp, stepper.b(), x));
    stepper.accept(x);
  }
  return gather_to_storage(stepper.state());
}

// Relative errors at t = 0.5 for dt = 0.05, 0.025, 0.0125.
std::vector<double> temporal_errors(const std::string& family, std::vector<std::string> words,
                                    const std::string& scheme,
                                    const std::function<std::vector<double>(const Problem&)>& phi) {
  std::vector<double> errors;
  for (const char* dt : {"0.05", "0.025", "0.0125"}) {
    std::vector<std::string> all = words;
    all.insert(all.end(), {"--time-scheme", scheme, "--dt", dt, "--t-final", "0.5"});
    auto problem = make_problem(family, all);
    const TimeProblem& base = *as_time_problem(*problem);
    const Manufactured manufactured(base, phi(base));
    const std::vector<double> x = final_state(manufactured, base.draw(7));
    std::vector<double> exact(phi(base));
    for (double& v : exact) v *= g(0.5);
    errors.push_back(test::relative_difference(exact, x));
  }
  return errors;
}

void check_orders(const std::string& family, const std::vector<std::string>& words,
                  const std::string& scheme, double order,
                  const std::function<std::vector<double>(const Problem&)>& phi) {
  const auto errors = temporal_errors(family, words, scheme, phi);
  const auto orders = test::observed_orders(errors);
  MESSAGE(family << " " << scheme << " errors " << errors[0] << " " << errors[1] << " "
                 << errors[2] << " orders " << orders[0] << " " << orders[1]);
  for (double o : orders) CHECK(std::abs(o - order) <= 0.15);
}

// A smooth phi vanishing at the walls (Dirichlet families).
std::vector<double> bump(const Problem& p) {
  return test::cell_field(p.grid(), [](const double* x) {
    return std::sin(pi * x[0]) * std::sin(pi * x[1]) * (1 + 0.5 * x[0]);
  });
}

// diffreact: u = cos(pi x / 2) cos(pi y / 2) + 0.3, v = 0.5 sin(pi x / 2) on [-1, 1]^2.
std::vector<double> two_fields(const Problem& p) {
  return p.solution(
      {{"u", test::cell_field(p.grid(),
                              [](const double* x) {
                                return std::cos(pi * x[0] / 2) * std::cos(pi * x[1] / 2) + 0.3;
                              })},
       {"v", test::cell_field(p.grid(), [](const double* x) { return 0.5 * std::sin(pi * x[0] / 2); })}});
}

const std::vector<std::string> kAdvDiff{"--grid", "16", "--peclet", "50", "--period", "1"};
const std::vector<std::string> kDarcy{"--grid", "16", "--drift-x", "2", "--drift-y", "-1"};
const std::vector<std::string> kDiffReact{"--grid", "16", "--du", "0.01", "--dv", "0.05"};
const std::vector<std::string> kDiffReactLinearized{"--grid", "16", "--du", "0.01", "--dv", "0.05",
                                                    "--reaction", "linearized"};

} // namespace

TEST_CASE("advdiff-t: temporal order 1 (be), 2 (cn, bdf2), manufactured solution") {
  check_orders("advdiff-t", kAdvDiff, "be", 1, bump);
  check_orders("advdiff-t", kAdvDiff, "cn", 2, bump);
  check_orders("advdiff-t", kAdvDiff, "bdf2", 2, bump);
}

TEST_CASE("darcy-t: temporal order 1 (be), 2 (cn, bdf2), manufactured solution") {
  check_orders("darcy-t", kDarcy, "be", 1, bump);
  check_orders("darcy-t", kDarcy, "cn", 2, bump);
  check_orders("darcy-t", kDarcy, "bdf2", 2, bump);
}

TEST_CASE("diffreact: IMEX splitting of designed order 1 (be), 2 (cn, bdf2), manufactured") {
  check_orders("diffreact", kDiffReact, "be", 1, two_fields);
  check_orders("diffreact", kDiffReact, "cn", 2, two_fields);
  check_orders("diffreact", kDiffReact, "bdf2", 2, two_fields);
}

TEST_CASE("diffreact --reaction linearized: order 1 (be), 2 (cn, bdf2), manufactured") {
  check_orders("diffreact", kDiffReactLinearized, "be", 1, two_fields);
  check_orders("diffreact", kDiffReactLinearized, "cn", 2, two_fields);
  check_orders("diffreact", kDiffReactLinearized, "bdf2", 2, two_fields);
}

TEST_CASE("time families: every step's true residual through the sequence solver <= rtol") {
  for (const auto& [family, words] :
       {std::pair{"advdiff-t", kAdvDiff}, {"darcy-t", kDarcy}, {"diffreact", kDiffReact},
        {"diffreact", kDiffReactLinearized}}) {
    std::vector<std::string> all = words;
    all.insert(all.end(), {"--dt", "0.02", "--t-final", "0.1", "--time-scheme", "bdf2"});
    auto problem = make_problem(family, all);
    const TimeProblem& tp = *as_time_problem(*problem);
    TimeStepper stepper(tp, PETSC_COMM_SELF);
    SolverSettings settings;
    settings.warm_start = WarmStart::on;
    SequenceSolver solver(PETSC_COMM_SELF, settings);
    Handle<Vec> x, r;
    SKR_PETSC(VecDuplicate(stepper.b(), x.out()));
    SKR_PETSC(VecDuplicate(stepper.b(), r.out()));
    for (std::uint64_t seed : {1, 2}) {
      const Sample sample = tp.draw(seed);
      stepper.start(sample);
      for (int n = 0; n < tp.time().steps; ++n) {
        stepper.form_next();
        stepper.predict(x);
        const SolveStats stats = solver.solve(stepper.A(), stepper.b(), x);
        SKR_PETSC(MatResidual(stepper.A(), stepper.b(), x, r));
        double rn = 0, bn = 0;
        SKR_PETSC(VecNorm(r, NORM_2, &rn));
        SKR_PETSC(VecNorm(stepper.b(), NORM_2, &bn));
        CHECK(stats.converged);
        CHECK(rn <= settings.rtol * bn * (1 + 1e-6));
        CHECK(stats.rel_residual <= settings.rtol * (1 + 1e-6));
        stepper.accept(x);
      }
    }
  }
}

TEST_CASE("advdiff-t: both stream functions scaled to the Peclet number, operator moves") {
  auto problem = make_problem("advdiff-t", {"--grid", "24", "--eps", "0.02", "--peclet", "150"});
  const TimeProblem& tp = *as_time_problem(*problem);
  const Sample s = tp.draw(3);
  for (const char* name : {"stream_cos", "stream_sin"})
    CHECK(curl_of_stream_function(tp.grid(), s.fields.at(name)).max_abs() ==
          doctest::Approx(150 * 0.02));
  CHECK(s.fields.at("u0").size() == tp.grid().points());
  CHECK(tp.operator_changes_in_time());
  CHECK_FALSE(tp.spd());
  Handle<Mat> L0, L1;
  Handle<Vec> b;
  tp.create_system(PETSC_COMM_SELF, L0.out(), b.out());
  tp.create_system(PETSC_COMM_SELF, L1.out(), b.out());
  tp.assemble_operator(s, 0.0, L0);
  auto distance = [&](double t) { // ||L(t) - L(0)|| / ||L(0)||
    tp.assemble_operator(s, t, L1);
    SKR_PETSC(MatAXPY(L1, -1.0, L0, SAME_NONZERO_PATTERN));
    double diff = 0, norm = 0;
    SKR_PETSC(MatNorm(L1, NORM_FROBENIUS, &diff));
    SKR_PETSC(MatNorm(L0, NORM_FROBENIUS, &norm));
    return diff / norm;
  };
  CHECK(distance(1.0) < 1e-12); // a whole period later: the same velocity
  CHECK(distance(0.25) > 1e-3);
  CHECK(tp.draw(3).fields == s.fields);
}

TEST_CASE("darcy-t: kappa(t) is the drawn coefficient translated, back after a period") {
  auto problem = make_problem("darcy-t", {"--grid", "20", "--drift-x", "2", "--drift-y", "0"});
  const TimeProblem& tp = *as_time_problem(*problem);
  const Sample s = tp.draw(5);
  const auto& coeff = s.fields.at("coeff");
  const auto& grf = s.fields.at("grf");
  for (std::size_t i = 0; i < coeff.size(); ++i)
    REQUIRE(coeff[i] == doctest::Approx(0.1 * std::exp(grf[i])));
  Handle<Mat> L0, L1;
  Handle<Vec> b;
  tp.create_system(PETSC_COMM_SELF, L0.out(), b.out());
  tp.create_system(PETSC_COMM_SELF, L1.out(), b.out());
  tp.assemble_operator(s, 0.0, L0);
  tp.assemble_operator(s, 1.0, L1); // moved by 2 = the period of the even extension
  SKR_PETSC(MatAXPY(L1, -1.0, L0, SAME_NONZERO_PATTERN));
  double diff = 0, norm = 0;
  SKR_PETSC(MatNorm(L1, NORM_FROBENIUS, &diff));
  SKR_PETSC(MatNorm(L0, NORM_FROBENIUS, &norm));
  CHECK(diff < 1e-10 * norm);
  CHECK(tp.spd());
  CHECK(tp.operator_changes_in_time());
}

TEST_CASE("diffreact: PDEBench's domain and noise, two fields round-trip, reaction values") {
  auto problem = make_problem("diffreact", {"--grid", "8"});
  const TimeProblem& tp = *as_time_problem(*problem);
  CHECK(tp.grid().lower[0] == -1.0);
  CHECK(tp.grid().upper[1] == 1.0);
  const Sample s = tp.draw(2);
  double mean = 0, var = 0;
  for (double v : s.fields.at("u0")) mean += v / 64;
  for (double v : s.fields.at("u0")) var += (v - mean) * (v - mean) / 63;
  CHECK(std::abs(mean) < 0.5);
  CHECK(var == doctest::Approx(1).epsilon(0.5));
  Handle<Mat> A;
  Handle<Vec> u, f;
  tp.create_system(PETSC_COMM_SELF, A.out(), u.out());
  SKR_PETSC(VecDuplicate(u, f.out()));
  tp.initial_state(s, u);
  const Fields out = tp.outputs(s, gather_to_storage(u));
  CHECK(out.at("u") == s.fields.at("u0"));
  CHECK(out.at("v") == s.fields.at("v0"));
  tp.assemble_forcing(s, 0.0, u, f);
  const Fields r = tp.outputs(s, gather_to_storage(f));
  const double u0 = s.fields.at("u0")[9], v0 = s.fields.at("v0")[9];
  CHECK(r.at("u")[9] == doctest::Approx(u0 - u0 * u0 * u0 - 5e-3 - v0));
  CHECK(r.at("v")[9] == doctest::Approx(u0 - v0));
  CHECK_FALSE(tp.operator_changes_in_time());
  CHECK(tp.forcing_depends_on_state());
}

// The linearised step splits the same right-hand side: -L(u) u + f(u) is the
// explicit treatment's -L u + F(u) at every state u; only the split differs.
TEST_CASE("diffreact --reaction linearized: the same right-hand side split, changes every step") {
  auto explicit_problem = make_problem("diffreact", {"--grid", "8"});
  auto linearized_problem = make_problem("diffreact", {"--grid", "8", "--reaction", "linearized"});
  const TimeProblem& ex = *as_time_problem(*explicit_problem);
  const TimeProblem& lin = *as_time_problem(*linearized_problem);
  CHECK(lin.operator_changes_in_time());
  CHECK(lin.spd());
  const Sample s = ex.draw(5);
  Handle<Mat> L;
  Handle<Vec> u, f, rhs_ex, rhs_lin;
  ex.create_system(PETSC_COMM_SELF, L.out(), u.out());
  for (Vec* v : {f.out(), rhs_ex.out(), rhs_lin.out()}) SKR_PETSC(VecDuplicate(u, v));
  ex.initial_state(s, u);
  auto rhs = [&](const TimeProblem& p, Vec out) { // -L(u) u + f(u)
    p.assemble_operator_at(s, 0.0, u, L);
    SKR_PETSC(MatMult(L, u, out));
    p.assemble_forcing(s, 0.0, u, f);
    SKR_PETSC(VecAYPX(out, -1.0, f));
  };
  rhs(ex, rhs_ex);
  rhs(lin, rhs_lin);
  double diff = 0, norm = 0;
  SKR_PETSC(VecNorm(rhs_ex, NORM_2, &norm));
  SKR_PETSC(VecAXPY(rhs_lin, -1.0, rhs_ex));
  SKR_PETSC(VecNorm(rhs_lin, NORM_2, &diff));
  CHECK(norm > 0);
  CHECK(diff <= 1e-12 * norm);
  CHECK_THROWS_WITH_AS(make_problem("diffreact", {"--reaction", "linearized", "--dt", "1"}),
                       doctest::Contains("--dt < 1"), skr::Error);
  CHECK_THROWS_WITH_AS(make_problem("diffreact", {"--reaction", "implicit"}),
                       doctest::Contains("--reaction"), skr::Error);
}

// trajectory_outputs maps a trajectory's frames in one call to outputs(): it
// relies on every time family's outputs() mapping a state point by point.
TEST_CASE("time families: outputs() of frames one after another are each frame's in turn") {
  for (const char* family : {"heat", "advdiff-t", "darcy-t", "diffreact", "burgers2d"}) {
    CAPTURE(family);
    auto problem = make_problem(family, {"--grid", "6"});
    const TimeProblem& tp = *as_time_problem(*problem);
    Handle<Mat> A;
    Handle<Vec> u;
    tp.create_system(PETSC_COMM_SELF, A.out(), u.out());
    const std::vector<double> shape = gather_to_storage(u);
    std::vector<std::vector<double>> frames(3, shape);
    for (std::size_t f = 0; f < frames.size(); ++f)
      for (std::size_t i = 0; i < shape.size(); ++i) frames[f][i] = double(f * 1000 + i);
    const Sample sample = tp.draw(1);
    const Fields all = tp.trajectory_outputs(sample, frames);
    for (const auto& [name, values] : tp.outputs(sample, frames[0])) {
      CAPTURE(name);
      REQUIRE(all.at(name).size() == frames.size() * values.size());
      for (std::size_t f = 0; f < frames.size(); ++f) {
        const std::vector<double> frame = tp.outputs(sample, frames[f]).at(name);
        CHECK(std::equal(frame.begin(), frame.end(), all.at(name).begin() + f * values.size()));
      }
    }
  }
}
