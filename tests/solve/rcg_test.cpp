#include <doctest/doctest.h>

#include "pipeline/generate.hpp"
#include "problems/problem_fixture.hpp"
#include "solve/diffusion_systems.hpp"
#include "solve/ksp_config.hpp"
#include "solve/rcg.hpp"
#include "solve/register.hpp"
#include "solve/sequence_solver.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using skr::Handle;
using skr::test::make_ksp;
using skr::test::make_vec;
using skr::test::RcgConfig;
using skr::test::solve;

namespace {

PetscInt dim(KSP ksp) {
  PetscInt d = -1;
  SKR_PETSC(KSPRCGGetRecycledDimension(ksp, &d));
  return d;
}

double rel_diff(Vec a, Vec b) {
  Handle<Vec> t;
  PetscReal na, nd;
  SKR_PETSC(VecDuplicate(a, t.out()));
  SKR_PETSC(VecWAXPY(t, -1.0, a, b));
  SKR_PETSC(VecNorm(t, NORM_2, &nd));
  SKR_PETSC(VecNorm(a, NORM_2, &na));
  return nd / na;
}

Handle<Mat> diagonal(const std::vector<double>& d) {
  Handle<Mat> A;
  const PetscInt n = static_cast<PetscInt>(d.size());
  SKR_PETSC(MatCreateSeqAIJ(PETSC_COMM_SELF, n, n, 1, nullptr, A.out()));
  for (PetscInt i = 0; i < n; ++i) SKR_PETSC(MatSetValue(A, i, i, d[i], INSERT_VALUES));
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  return A;
}

Handle<Vec> ones(Mat A) {
  Handle<Vec> b = make_vec(A);
  SKR_PETSC(VecSet(b, 1.0));
  return b;
}

// 20 lognormal darcy3d systems in greedy-sorted order, solved with one KSP.
struct Darcy3dSequence {
  std::unique_ptr<skr::Problem> problem;
  std::vector<skr::Sample> samples;
  explicit Darcy3dSequence(int grid, int count) {
    problem = skr::test::make_problem("darcy3d",
                                      {"--grid", std::to_string(grid), "--coeff", "lognormal"});
    const auto seeds = skr::sample_seeds(0, count);
    for (std::size_t i : skr::solve_order(*problem, seeds, "greedy", nullptr))
      samples.push_back(problem->draw(seeds[i]));
  }
  // Total iterations; checks every solve and true residual.
  PetscInt run(const RcgConfig& cfg, double* worst) const {
    Handle<Mat> A;
    Handle<Vec> b, x;
    problem->create_system(PETSC_COMM_SELF, A.out(), b.out());
    SKR_PETSC(VecDuplicate(b, x.out()));
    Handle<KSP> ksp = make_ksp(cfg);
    PetscInt total = 0;
    *worst = 0;
    for (const auto& s : samples) {
      problem->assemble(s, A, b);
      const auto res = solve(ksp, A, b, x);
      CHECK(res.reason > 0);
      *worst = std::max(*worst, res.relres);
      total += res.its;
    }
    return total;
  }
};

} // namespace

TEST_CASE("rcg: one system matches CG and LU") {
  skr::test::DiffusionSequence seq(32, 21);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A), xc = make_vec(A),
              xd = make_vec(A);
  RcgConfig cfg;
  cfg.rtol = 1e-11;
  cfg.pc = PCJACOBI;
  Handle<KSP> rcg = make_ksp(cfg);
  cfg.type = KSPCG;
  Handle<KSP> cg = make_ksp(cfg);
  cfg.type = KSPPREONLY;
  cfg.pc = PCLU;
  Handle<KSP> lu = make_ksp(cfg);
  CHECK(solve(rcg, A, b, x).reason > 0);
  CHECK(solve(cg, A, b, xc).reason > 0);
  SKR_PETSC(KSPSetOperators(lu, A, A));
  SKR_PETSC(KSPSolve(lu, b, xd));
  CHECK(rel_diff(xd, x) <= 1e-7);
  CHECK(rel_diff(xc, x) <= 1e-7);
  CHECK(dim(rcg) == 10);
  // Second solve of the same system: the deflated start is already close.
  SKR_PETSC(VecSet(x, 0.0));
  const auto again = solve(rcg, A, b, x);
  CHECK(again.reason > 0);
  CHECK(rel_diff(xd, x) <= 1e-7);
}

TEST_CASE("rcg: k = 0 iterates like CG") {
  skr::test::DiffusionSequence seq(32, 22);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  for (const char* pc : {PCNONE, PCJACOBI, PCICC})
    for (KSPNormType norm :
         {KSP_NORM_UNPRECONDITIONED, KSP_NORM_PRECONDITIONED, KSP_NORM_NATURAL}) {
      CAPTURE(std::string(pc));
      CAPTURE(int(norm));
      RcgConfig cfg;
      cfg.pc = pc;
      cfg.k = 0;
      cfg.norm = norm;
      Handle<Vec> x1 = make_vec(A), x2 = make_vec(A);
      Handle<KSP> rcg = make_ksp(cfg);
      cfg.type = KSPCG;
      Handle<KSP> cg = make_ksp(cfg);
      const auto r1 = solve(rcg, A, b, x1), r2 = solve(cg, A, b, x2);
      CHECK(r1.reason > 0);
      CHECK(r1.its >= r2.its - 1);
      CHECK(r1.its <= r2.its + 1);
      CHECK(dim(rcg) == 0);
    }
}

TEST_CASE("rcg: sorted darcy3d sequence needs at most 0.6 x the CG iterations") {
  const Darcy3dSequence seq(16, 20);
  for (const char* pc : {PCJACOBI, PCICC}) {
    CAPTURE(std::string(pc));
    RcgConfig cfg;
    cfg.pc = pc;
    cfg.k = 24; // default collect 2k = 48 directions per solve
    double worst_rcg = 0, worst_cg = 0;
    const PetscInt its_rcg = seq.run(cfg, &worst_rcg);
    cfg.type = KSPCG;
    const PetscInt its_cg = seq.run(cfg, &worst_cg);
    MESSAGE("darcy3d 16^3 x 20 sorted, pc ", std::string(pc), ": cg ", its_cg, " its, rcg(k=24) ",
            its_rcg, " its, ratio ", double(its_rcg) / its_cg, ", worst true residual ", worst_rcg);
    CHECK(its_rcg <= 0.6 * its_cg);
    CHECK(worst_rcg <= 1e-8);
  }
}

TEST_CASE("rcg: the update cadence trades iterations for update work") {
  // c = 4 (the default) updates W after every 4th solve once it is full, so it
  // needs a few more iterations than c = 1, and c = 1000 (W frozen after it
  // filled up) more still; all of them stay below CG.
  const Darcy3dSequence seq(16, 20);
  RcgConfig cfg;
  cfg.pc = PCICC;
  double worst = 0;
  std::vector<PetscInt> its;
  for (PetscInt c : {1, 4, 1000}) {
    cfg.update_every = c;
    its.push_back(seq.run(cfg, &worst));
    CHECK(worst <= 1e-8);
  }
  cfg.type = KSPCG;
  const PetscInt its_cg = seq.run(cfg, &worst);
  MESSAGE("darcy3d 16^3 x 20 icc: cg ", its_cg, ", rcg c=1 ", its[0], ", c=4 ", its[1], ", c=1000 ",
          its[2]);
  CHECK(its[0] <= its[1]);
  CHECK(its[1] < its[2]);
  CHECK(its[2] < its_cg);

  Handle<KSP> ksp = make_ksp(RcgConfig{});
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_rcg_update_every", "0"));
  CHECK(KSPSetFromOptions(ksp) != 0); // c must be at least 1
  SKR_PETSC(PetscOptionsClearValue(nullptr, "-ksp_rcg_update_every"));
}

TEST_CASE("rcg: zero right-hand side") {
  Handle<Mat> A = diagonal({1, 2, 3, 4, 5});
  Handle<Vec> b = make_vec(A), x = make_vec(A);
  SKR_PETSC(VecSet(b, 0.0));
  SKR_PETSC(VecSet(x, 7.0)); // ignored: zero initial guess
  Handle<KSP> ksp = make_ksp(RcgConfig{});
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason > 0);
  CHECK(res.its == 0);
  PetscReal nx;
  SKR_PETSC(VecNorm(x, NORM_2, &nx));
  CHECK(nx == 0.0);
}

TEST_CASE("rcg: an indefinite operator is detected and reported") {
  std::vector<double> d(50);
  for (int i = 0; i < 50; ++i) d[i] = 1.0 + i;
  d[17] = -3.0;
  Handle<Mat> A = diagonal(d);
  Handle<Vec> b = ones(A), x = make_vec(A);
  Handle<KSP> ksp = make_ksp(RcgConfig{});
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason == KSP_DIVERGED_INDEFINITE_MAT);
  CHECK(res.its < 50);
}

TEST_CASE("rcg: breakdown, NaN and the iteration limit end the solve") {
  // Three distinct eigenvalues: CG is exact after 3 steps; an impossible
  // tolerance must end in a reason, never an endless loop.
  std::vector<double> d(60);
  for (int i = 0; i < 60; ++i) d[i] = 1.0 + i % 3;
  Handle<Mat> A = diagonal(d);
  Handle<Vec> b = ones(A), x = make_vec(A);
  RcgConfig cfg;
  cfg.rtol = 1e-300;
  cfg.max_it = 40;
  Handle<KSP> ksp = make_ksp(cfg);
  SKR_PETSC(VecSetValue(b, 4, 2.0, INSERT_VALUES));
  SKR_PETSC(VecAssemblyBegin(b));
  SKR_PETSC(VecAssemblyEnd(b));
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason != KSP_CONVERGED_ITERATING);
  CHECK(res.its <= 40);
  CHECK(res.relres <= 1e-14);

  // The recycled space covers the whole (tiny) space: the projection alone solves.
  Handle<Mat> A5 = diagonal({1, 2, 3, 4, 5});
  Handle<Vec> b5 = ones(A5), x5 = make_vec(A5);
  Handle<KSP> small = make_ksp(RcgConfig{});
  CHECK(solve(small, A5, b5, x5).reason > 0);
  SKR_PETSC(VecSetValue(b5, 2, -4.0, INSERT_VALUES));
  SKR_PETSC(VecAssemblyBegin(b5));
  SKR_PETSC(VecAssemblyEnd(b5));
  const auto r5 = solve(small, A5, b5, x5);
  CHECK(r5.reason > 0);
  CHECK(r5.its <= 1);
  CHECK(r5.relres <= 1e-10);

  Handle<Mat> An = diagonal({1, 2, std::numeric_limits<double>::quiet_NaN(), 4});
  Handle<Vec> bn = ones(An), xn = make_vec(An);
  Handle<KSP> kn = make_ksp(RcgConfig{});
  CHECK(solve(kn, An, bn, xn).reason == KSP_DIVERGED_NANORINF);

  skr::test::DiffusionSequence seq(32, 23);
  Handle<Mat> Ad = seq.matrix(0);
  Handle<Vec> bd = skr::test::diffusion_rhs(seq.n), xd = make_vec(Ad);
  cfg = RcgConfig{};
  cfg.max_it = 5;
  Handle<KSP> kd = make_ksp(cfg);
  const auto rd = solve(kd, Ad, bd, xd);
  CHECK(rd.reason == KSP_DIVERGED_ITS);
  CHECK(rd.its == 5);
}

TEST_CASE("rcg: recycled space persists across operators and is cleared by reset") {
  skr::test::DiffusionSequence seq(48, 24);
  RcgConfig cfg;
  cfg.pc = PCJACOBI;
  Handle<KSP> ksp = make_ksp(cfg);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  CHECK(dim(ksp) == 0);
  std::vector<PetscInt> its;
  for (int t = 0; t < 3; ++t) {
    Handle<Mat> A = seq.matrix(t);
    Handle<Vec> x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.relres <= 1e-8);
    CHECK(dim(ksp) == 10);
    its.push_back(res.its);
  }
  MESSAGE("rcg 48x48 jacobi: ", its[0], ", ", its[1], ", ", its[2], " its");
  CHECK(its[2] < 0.8 * its[0]);

  SKR_PETSC(KSPRCGReset(ksp));
  CHECK(dim(ksp) == 0);
  Handle<Mat> A = seq.matrix(3);
  Handle<Vec> x = make_vec(A);
  const auto res = solve(ksp, A, b, x);
  CHECK(res.relres <= 1e-8);
  CHECK(res.its > 0.9 * its[0]); // from scratch again

  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_rcg_reset", "true"));
  SKR_PETSC(KSPSetFromOptions(ksp));
  SKR_PETSC(PetscOptionsClearValue(nullptr, "-ksp_rcg_reset"));
  CHECK(dim(ksp) == 0);

  // Same Mat object with new values: A W must be rebuilt, not reused.
  SKR_PETSC(VecSet(x, 0.0));
  CHECK(solve(ksp, A, b, x).relres <= 1e-8);
  Handle<Mat> A2 = seq.matrix(8);
  SKR_PETSC(MatCopy(A2, A, SAME_NONZERO_PATTERN));
  const auto res2 = solve(ksp, A, b, x);
  CHECK(res2.reason > 0);
  CHECK(res2.relres <= 1e-8);

  // The API is a no-op on other KSP types.
  cfg.type = KSPCG;
  Handle<KSP> cg = make_ksp(cfg);
  SKR_PETSC(KSPRCGReset(cg));
}

// --recycle reaches rcg through solver_settings and SequenceSolver (it once
// reached GCRO-DR only, and rcg kept k = 10); left out, rcg keeps its own 10.
TEST_CASE("rcg: --recycle sets its recycle dimension, its own default otherwise") {
  namespace po = skr::po;
  const auto recycle_of = [](std::vector<std::string> words) {
    po::options_description desc;
    desc.add(skr::solver_options());
    po::variables_map vm;
    po::store(po::command_line_parser(words).options(desc).run(), vm);
    po::notify(vm);
    skr::SequenceSolver solver(PETSC_COMM_SELF, skr::solver_settings(vm));
    PetscInt k = -1;
    SKR_PETSC(KSPRCGGetRecycle(solver.ksp(), &k));
    return k;
  };
  CHECK(recycle_of({"--solver", "rcg", "--recycle", "6"}) == 6);
  CHECK(recycle_of({"--solver", "rcg", "--recycle", "0"}) == 0);
  CHECK(recycle_of({"--solver", "rcg"}) == 10);
}
