// -ksp_gcrodr_adaptive: the choice between solving with and without the
// recycled space follows the measured times (the state machine on synthetic
// times), and an adaptive KSP still solves every system of a sequence to rtol,
// switching its space off and on again without losing it.
#include <doctest/doctest.h>

#include "solve/diffusion_systems.hpp"
#include "solve/gcrodr.hpp"
#include "solve/gcrodr_impl.hpp"

using skr::gcrodr::Adaptive;

namespace {

// Feeds `solves` solves whose time depends on the arm; returns how many recycled.
int run(Adaptive& a, int solves, double with, double without) {
  int recycled = 0;
  for (int i = 0; i < solves; ++i) {
    recycled += a.recycling;
    skr::gcrodr::adaptive_record(a, a.recycling ? with : without);
  }
  return recycled;
}

} // namespace

TEST_CASE("gcrodr adaptive: recycling that costs more runs rarely, recycling that pays runs mostly") {
  Adaptive slow;
  const int recycled_slow = run(slow, 400, 2.3, 1.0); // the advdiff-t time-step case
  CHECK_FALSE(slow.recycling);
  CHECK(recycled_slow < 400 / 10); // probes only: cost <= 1 + 1.3 * 10% of plain
  Adaptive fast;
  const int recycled_fast = run(fast, 400, 0.8, 1.0); // sorted Darcy: recycling pays
  CHECK(fast.recycling);
  CHECK(recycled_fast > 400 * 9 / 10);
  // The winner changes: after a switch the stretch starts short again.
  Adaptive change;
  run(change, 200, 0.8, 1.0);
  run(change, 200, 2.0, 1.0);
  CHECK_FALSE(change.recycling);
}

TEST_CASE("gcrodr adaptive: every solve of a changing sequence reaches rtol, space kept") {
  const skr::test::DiffusionSequence sequence(24, 11, 0.05);
  skr::Handle<KSP> ksp;
  PC pc;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetType(ksp, KSPGCRODR));
  SKR_PETSC(KSPGetPC(ksp, &pc));
  SKR_PETSC(PCSetType(pc, PCILU));
  SKR_PETSC(KSPSetPCSide(ksp, PC_RIGHT));
  SKR_PETSC(KSPSetTolerances(ksp, 1e-8, 1e-50, PETSC_DEFAULT, 1000));
  SKR_PETSC(KSPGCRODRSetRecycle(ksp, 6));
  SKR_PETSC(KSPGCRODRSetAdaptive(ksp, PETSC_TRUE));
  auto* d = skr::gcrodr::data_of(ksp);
  bool saw_plain = false, saw_recycled = false;
  for (int t = 0; t < 20; ++t) {
    const auto A = sequence.matrix(t);
    auto b = skr::test::make_vec(A), x = skr::test::make_vec(A);
    SKR_PETSC(VecSet(b, 1.0));
    const bool recycling = d->adapt.recycling;
    const auto result = skr::test::solve(ksp, A, b, x);
    CHECK(result.reason > 0);
    CHECK(result.relres <= 1e-8 * (1 + 1e-6));
    PetscInt dim = 0;
    SKR_PETSC(KSPGCRODRGetRecycledDimension(ksp, &dim));
    if (t > 0) CHECK(dim > 0); // a solve without the space keeps it
    (recycling ? saw_recycled : saw_plain) = true;
  }
  CHECK(saw_recycled);
  CHECK(saw_plain); // solves 5 to 7 at least measure the plain arm
}
