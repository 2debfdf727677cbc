// SequenceSolver's warm start: automatic starts from the previous solution
// only while the operator is the previous one's and that solution beats zero.
// A KSP that converges on another residual than the true one is driven on
// until the true residual meets rtol.
#include "solve/sequence_solver.hpp"

#include "diffusion_systems.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

namespace {

using skr::WarmStart;

// A right-hand side that varies smoothly with s.
skr::Handle<Vec> rhs(int n, double s) {
  skr::Handle<Vec> b;
  SKR_PETSC(VecCreateSeq(PETSC_COMM_SELF, n * n, b.out()));
  for (PetscInt i = 0; i < n * n; ++i)
    SKR_PETSC(VecSetValue(b, i, 1.0 + s * std::sin(0.01 * static_cast<double>(i)), INSERT_VALUES));
  SKR_PETSC(VecAssemblyBegin(b));
  SKR_PETSC(VecAssemblyEnd(b));
  return b;
}

// Iterations of each solve, on one matrix: b(0.0), b(0.05) (close to the
// previous: a warm start pays), -b(0.05) (the previous solution is worse than
// zero), then -b(0.1) (close again) after A's values changed.
std::vector<int> iterations(WarmStart warm) {
  constexpr int n = 24;
  skr::SolverSettings settings;
  settings.ksp_type = KSPGMRES;
  settings.pc_type = PCJACOBI;
  settings.warm_start = warm;
  settings.fallback = "none";
  skr::SequenceSolver solver(PETSC_COMM_SELF, settings);
  auto A = skr::test::diffusion_matrix(n, skr::test::smooth_field(n, 7));
  auto x = skr::test::make_vec(A);
  SKR_PETSC(VecZeroEntries(x));
  auto b0 = rhs(n, 0.0), b1 = rhs(n, 0.05), b2 = rhs(n, 0.05), b3 = rhs(n, 0.1);
  SKR_PETSC(VecScale(b2, -1.0));
  SKR_PETSC(VecScale(b3, -1.0));
  std::vector<int> its;
  for (Vec b : {b0.get(), b1.get(), b2.get(), b3.get()}) {
    if (b == b3.get()) SKR_PETSC(MatShift(A, 1e-3)); // new values, same object
    const auto stats = solver.solve(A, b, x);        // x: the previous solution
    CHECK(stats.converged);
    its.push_back(stats.iterations);
  }
  return its;
}

} // namespace

TEST_CASE("sequence solver: automatic warm start only from a previous solution of the same "
          "operator that beats a zero guess") {
  const auto off = iterations(WarmStart::off), on = iterations(WarmStart::on),
             automatic = iterations(WarmStart::automatic);
  const std::string its = fmt::format("off {} | on {} | automatic {}", fmt::join(off, " "),
                                      fmt::join(on, " "), fmt::join(automatic, " "));
  CAPTURE(its);
  CHECK(on[1] < off[1]);         // the close neighbour's solution pays
  CHECK(automatic[1] == on[1]);  // ... and automatic takes it
  CHECK(on[2] > off[2]);         // the opposite one's costs
  CHECK(automatic[2] == off[2]); // ... and automatic starts from zero
  CHECK(on[3] < off[3]);         // after A changed, a warm start would pay here,
  CHECK(automatic[3] == off[3]); // ... but automatic keeps to zero
}

TEST_CASE("sequence solver: a KSP converged on its own residual but not on the true one goes on "
          "with a tighter tolerance until the true residual meets rtol") {
  // CG + Eisenstat's SSOR converges on the residual of the scaled system it
  // solves, a factor ~20 off the true one here.
  constexpr int n = 24;
  skr::SolverSettings settings;
  settings.ksp_type = KSPCG;
  settings.pc_type = PCEISENSTAT;
  settings.fallback = "none"; // no retry, no direct solve: the KSP alone
  skr::SequenceSolver solver(PETSC_COMM_SELF, settings);
  auto A = skr::test::diffusion_matrix(n, skr::test::smooth_field(n, 3));
  auto x = skr::test::make_vec(A);
  auto b = rhs(n, 0.3);
  for (int k = 0; k < 2; ++k) {
    const auto stats = solver.solve(A, b, x);
    CHECK(stats.converged);
    CHECK(stats.rel_residual <= settings.rtol);
    CHECK(stats.fallback == 0);
    SKR_PETSC(MatShift(A, 1e-2)); // the tolerance is restored for the next system
  }
  KSP ksp = solver.ksp();
  PetscReal rtol = 0;
  SKR_PETSC(KSPGetTolerances(ksp, &rtol, nullptr, nullptr, nullptr));
  CHECK(rtol == doctest::Approx(settings.rtol));
}

TEST_CASE("solver settings: one line of text carries every field, exactly, and back") {
  skr::SolverSettings s;
  s.ksp_type = KSPBCGS;
  s.pc_type = PCHYPRE;
  s.rtol = 1.0 / 3.0 * 1e-7; // not a short decimal: must survive exactly
  s.max_it = 1234;
  s.restart = 30;
  s.recycle = 7;
  s.recycle_given = true;
  s.warm_start = WarmStart::on;
  s.pc_reuse = 10;
  s.adaptive_recycling = true;
  s.fallback = "reset";
  const skr::SolverSettings back = skr::settings_from_text(skr::to_text(s));
  CHECK(back.ksp_type == s.ksp_type);
  CHECK(back.pc_type == s.pc_type);
  CHECK(back.rtol == s.rtol);
  CHECK(back.max_it == s.max_it);
  CHECK(back.restart == s.restart);
  CHECK(back.recycle == s.recycle);
  CHECK(back.recycle_given == s.recycle_given);
  CHECK(back.warm_start == s.warm_start);
  CHECK(back.pc_reuse == s.pc_reuse);
  CHECK(back.adaptive_recycling == s.adaptive_recycling);
  CHECK(back.fallback == s.fallback);
  CHECK(skr::to_text(back) == skr::to_text(s));
  // The defaults too, and malformed lines fail with a message.
  CHECK(skr::to_text(skr::settings_from_text(skr::to_text({}))) == skr::to_text({}));
  const std::string text = skr::to_text(s);
  CHECK_THROWS(skr::settings_from_text(text.substr(0, text.rfind(' ')))); // no fallback
  CHECK_THROWS(skr::settings_from_text(text + " colour=blue"));
  CHECK_THROWS(skr::settings_from_text(text + " rtol=1e-6")); // twice
  const std::size_t rtol = text.find("rtol="), end = text.find(' ', rtol);
  CHECK_THROWS(skr::settings_from_text(text.substr(0, rtol) + "rtol=small" + text.substr(end)));
}
