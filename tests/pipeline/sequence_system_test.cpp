// SequenceSystem: A changes only when its values do, and always holds the
// current sample's operator.
#include "pipeline/sequence_system.hpp"

#include "solve/sequence_solver.hpp"

#include "../problems/problem_fixture.hpp"

#include <doctest/doctest.h>
#include <petsc/private/petscimpl.h> // PetscObjectStateGet: what PCSetUp compares

#include <string>
#include <tuple>
#include <vector>

namespace {

PetscObjectState state_of(Mat A) {
  PetscObjectState state = 0;
  SKR_PETSC(PetscObjectStateGet((PetscObject)A, &state));
  return state;
}

// A and b equal a fresh assembly of `sample`.
void check_holds(const skr::Problem& problem, const skr::SequenceSystem& system,
                 const skr::Sample& sample) {
  skr::Handle<Mat> A;
  skr::Handle<Vec> b;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  problem.assemble(sample, A, b);
  PetscBool same_A = PETSC_FALSE, same_b = PETSC_FALSE;
  SKR_PETSC(MatEqual(A, system.A(), &same_A));
  SKR_PETSC(VecEqual(b, system.b(), &same_b));
  CHECK(same_A);
  CHECK(same_b);
}

} // namespace

TEST_CASE("sequence system: a family whose operator never varies keeps one A") {
  for (const char* family : {"thermal", "poisson"}) {
    CAPTURE(family);
    const auto problem = skr::test::make_problem(family, {"--grid", "20"});
    skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
    const auto first = problem->draw(1), second = problem->draw(2);
    CHECK(system.assemble(first));
    const PetscObjectState state = state_of(system.A());
    // Only b is filled (Problem::operator_is_fixed), bit for bit as assemble fills it.
    CHECK_FALSE(system.assemble(second));
    CHECK(state_of(system.A()) == state); // PETSc keeps the factorization / preconditioner
    check_holds(*problem, system, second);
  }
}

TEST_CASE("sequence system: a family's varying conductivity is assembled in full") {
  const auto problem = skr::test::make_problem("thermal", {"--grid", "20", "--kappa", "lognormal"});
  CHECK_FALSE(problem->operator_is_fixed(problem->draw(1))); // its operator changes
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  const auto first = problem->draw(1), second = problem->draw(2);
  CHECK(system.assemble(first));
  CHECK(system.assemble(second));
  check_holds(*problem, system, second);
}

TEST_CASE("sequence system: a varying operator is replaced, the same one is kept") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "12", "--coeff", "lognormal"});
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  const auto first = problem->draw(1), second = problem->draw(2);
  CHECK(system.assemble(first));
  check_holds(*problem, system, first);
  PetscObjectState state = state_of(system.A());
  CHECK(system.assemble(second));
  CHECK(state_of(system.A()) > state);
  check_holds(*problem, system, second);
  state = state_of(system.A());
  CHECK_FALSE(system.assemble(second));
  CHECK(state_of(system.A()) == state);
  CHECK(system.assemble(first));
  check_holds(*problem, system, first);
}

TEST_CASE("sequence system: a direct solver factors an unchanging operator once") {
  const auto problem = skr::test::make_problem("thermal", {"--grid", "20"});
  skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
  skr::SolverSettings settings;
  settings.ksp_type = KSPPREONLY;
  settings.pc_type = PCCHOLESKY;
  skr::SequenceSolver solver(PETSC_COMM_SELF, settings);
  skr::Handle<Vec> x;
  SKR_PETSC(VecDuplicate(system.b(), x.out()));

  system.assemble(problem->draw(1));
  REQUIRE(solver.solve(system.A(), system.b(), x).converged);
  PC pc;
  Mat factor;
  SKR_PETSC(KSPGetPC(solver.ksp(), &pc));
  SKR_PETSC(PCFactorGetMatrix(pc, &factor));
  const PetscObjectState factored = state_of(factor);

  system.assemble(problem->draw(2));
  const auto stats = solver.solve(system.A(), system.b(), x);
  CHECK(stats.converged);
  CHECK(stats.rel_residual < 1e-12);
  SKR_PETSC(PCFactorGetMatrix(pc, &factor));
  CHECK(state_of(factor) == factored);
}

TEST_CASE("sequence system: every preconditioner sees the new values (same iterations as a "
          "fresh assembly)") {
  const auto problem = skr::test::make_problem("darcy", {"--grid", "24", "--coeff", "lognormal"});
  for (const char* pc : {PCSOR, PCJACOBI, PCILU, PCICC, PCASM, PCBJACOBI}) {
    const std::string name = pc;
    CAPTURE(name);
    skr::SolverSettings settings;
    settings.ksp_type = KSPGMRES;
    settings.pc_type = pc;
    settings.fallback = "none";
    skr::SequenceSolver kept(PETSC_COMM_SELF, settings), fresh(PETSC_COMM_SELF, settings);
    skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
    skr::Handle<Mat> A;
    skr::Handle<Vec> b, x, y;
    problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
    SKR_PETSC(VecDuplicate(b, x.out()));
    SKR_PETSC(VecDuplicate(b, y.out()));
    for (std::uint64_t seed : {1, 2, 3, 2}) {
      const auto sample = problem->draw(seed);
      system.assemble(sample);
      problem->assemble(sample, A, b);
      const auto a = kept.solve(system.A(), system.b(), x);
      const auto c = fresh.solve(A, b, y);
      CHECK(a.converged);
      CHECK(a.iterations == c.iterations);
    }
  }
}

TEST_CASE("sequence system: values computed without PETSc give the same systems and answers") {
  using Args = std::vector<std::string>;
  for (const auto& [family, args, operator_varies] :
       {std::tuple{"darcy", Args{"--grid", "12", "--coeff", "lognormal"}, true},
        std::tuple{"darcy3d", Args{"--grid", "6"}, true},
        std::tuple{"helmholtz", Args{"--grid", "12"}, true},
        std::tuple{"thermal", Args{"--grid", "20"}, false},
        std::tuple{"poisson", Args{"--grid", "12"}, false}}) {
    CAPTURE(family);
    const auto problem = skr::test::make_problem(family, args);
    skr::SequenceSystem system(*problem, PETSC_COMM_SELF);
    const auto first = problem->draw(1), second = problem->draw(2);
    auto values = [&](const skr::Sample& s) {
      // Without the operator's entries when it is fixed, as the prefetch computes them.
      auto v = problem->system_values(s, system.owned_box(), !problem->operator_is_fixed(s));
      REQUIRE(v);
      return std::move(*v);
    };
    CHECK(system.assemble(first, values(first)));
    check_holds(*problem, system, first);
    PetscObjectState state = state_of(system.A());
    CHECK(system.assemble(second, values(second)) == operator_varies);
    CHECK((state_of(system.A()) > state) == operator_varies);
    check_holds(*problem, system, second);
    state = state_of(system.A());
    CHECK_FALSE(system.assemble(second, values(second))); // the same entries: A is kept
    CHECK(state_of(system.A()) == state);

    // After a system that came another way (a pilot's), A is compared as a matrix.
    skr::Handle<Mat> A;
    skr::Handle<Vec> b;
    problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
    problem->assemble(first, A, b);
    system.assign(A, b);
    state = state_of(system.A());
    CHECK_FALSE(system.assemble(first, values(first)));
    CHECK(state_of(system.A()) == state);
    check_holds(*problem, system, first);
    CHECK(system.assemble(second, values(second)) == operator_varies);
    check_holds(*problem, system, second);
  }
}
