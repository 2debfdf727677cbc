#include <doctest/doctest.h>

#include "solve/diffusion_systems.hpp"
#include "solve/gcrodr.hpp"
#include "solve/gcrodr_impl.hpp"
#include "solve/ksp_config.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

using skr::Handle;
using skr::test::DiffusionSequence;
using skr::test::KspConfig;
using skr::test::make_ksp;
using skr::test::make_vec;
using skr::test::solve;

namespace {

PetscInt recycled_dimension(KSP ksp) {
  PetscInt dim = -1;
  SKR_PETSC(KSPGCRODRGetRecycledDimension(ksp, &dim));
  return dim;
}

// Solves the first `count` systems of the sequence with one KSP (x0 = 0);
// returns the total iteration count and checks every true residual.
PetscInt solve_sequence(const DiffusionSequence& seq, int count, const KspConfig& cfg,
                        double max_relres) {
  Handle<KSP> ksp = make_ksp(cfg);
  PetscInt total = 0;
  for (int t = 0; t < count; ++t) {
    Handle<Mat> A = seq.matrix(t);
    Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.reason > 0);
    CHECK(res.relres <= max_relres);
    total += res.its;
  }
  return total;
}

} // namespace

TEST_CASE("gcrodr: one system matches a direct solve") {
  DiffusionSequence seq(32, 11);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A), xd = make_vec(A);
  KspConfig cfg;
  cfg.rtol = 1e-11;
  Handle<KSP> ksp = make_ksp(cfg);
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason > 0);

  Handle<KSP> direct;
  PC pc;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, direct.out()));
  SKR_PETSC(KSPSetType(direct, KSPPREONLY));
  SKR_PETSC(KSPGetPC(direct, &pc));
  SKR_PETSC(PCSetType(pc, PCLU));
  SKR_PETSC(KSPSetOperators(direct, A, A));
  SKR_PETSC(KSPSolve(direct, b, xd));
  PetscReal nd, ne;
  SKR_PETSC(VecNorm(xd, NORM_2, &nd));
  SKR_PETSC(VecAXPY(xd, -1.0, x));
  SKR_PETSC(VecNorm(xd, NORM_2, &ne));
  CHECK(ne / nd <= 1e-7);
  CHECK(recycled_dimension(ksp) == 20);
}

TEST_CASE("gcrodr: k = 0 iterates like GMRES(m)") {
  DiffusionSequence seq(32, 12);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  for (const char* pc : {PCNONE, PCJACOBI}) {
    CAPTURE(std::string(pc));
    KspConfig cfg;
    cfg.pc = pc;
    cfg.m = 30;
    cfg.k = 0;
    Handle<Vec> x1 = make_vec(A), x2 = make_vec(A);
    Handle<KSP> gcrodr = make_ksp(cfg);
    cfg.type = KSPGMRES;
    Handle<KSP> gmres = make_ksp(cfg);
    const auto r1 = solve(gcrodr, A, b, x1);
    const auto r2 = solve(gmres, A, b, x2);
    MESSAGE("k=0: gcrodr ", r1.its, " its, gmres ", r2.its, " its (pc ", std::string(pc), ")");
    CHECK(r1.reason > 0);
    CHECK(r2.reason > 0);
    CHECK(r1.its >= r2.its - 2);
    CHECK(r1.its <= r2.its + 2);
    CHECK(recycled_dimension(gcrodr) == 0);
  }
}

TEST_CASE("gcrodr: recycling cuts iterations on a sequence of 20 related systems") {
  DiffusionSequence seq(64, 13);
  for (const char* pc : {PCNONE, PCJACOBI}) {
    CAPTURE(std::string(pc));
    KspConfig cfg;
    cfg.pc = pc;
    const PetscInt its_gcrodr = solve_sequence(seq, 20, cfg, 1e-8);
    cfg.type = KSPGMRES;
    const PetscInt its_gmres = solve_sequence(seq, 20, cfg, 1e-8);
    MESSAGE("20 systems 64x64, pc ", std::string(pc), ": gmres(40) ", its_gmres,
            " its, gcrodr(40,20) ", its_gcrodr, " its, ratio ", double(its_gcrodr) / its_gmres);
    CHECK(its_gcrodr <= 0.35 * its_gmres);
  }
}

TEST_CASE("gcrodr: recycled space persists across operators and is forgotten on reset") {
  DiffusionSequence seq(48, 14);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  CHECK(recycled_dimension(ksp) == 0);
  std::vector<PetscInt> its;
  for (int t = 0; t < 2; ++t) {
    Handle<Mat> A = seq.matrix(t);
    Handle<Vec> x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.relres <= 1e-8);
    CHECK(recycled_dimension(ksp) == 20);
    its.push_back(res.its);
  }
  CHECK(its[1] < 0.7 * its[0]); // the space carried over helps

  SKR_PETSC(KSPGCRODRReset(ksp));
  CHECK(recycled_dimension(ksp) == 0);
  {
    Handle<Mat> A = seq.matrix(2);
    Handle<Vec> x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.relres <= 1e-8);
    CHECK(res.its > 0.9 * its[0]); // started from scratch again
    CHECK(recycled_dimension(ksp) == 20);
  }

  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_reset", "true"));
  SKR_PETSC(KSPSetFromOptions(ksp));
  SKR_PETSC(PetscOptionsClearValue(nullptr, "-ksp_gcrodr_reset"));
  CHECK(recycled_dimension(ksp) == 0);
}

TEST_CASE("gcrodr: same Mat with new values rebuilds C = A U") {
  DiffusionSequence seq(32, 15);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  CHECK(solve(ksp, A, b, x).relres <= 1e-8);
  // Same object, new state: a stale C would make the true residual wrong.
  Handle<Mat> A2 = seq.matrix(6);
  SKR_PETSC(MatCopy(A2, A, SAME_NONZERO_PATTERN));
  SKR_PETSC(VecSet(x, 0));
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason > 0);
  CHECK(res.relres <= 1e-8);
  // The same operator again: the space is reused as is and still helps.
  SKR_PETSC(VecSet(x, 0));
  const auto res2 = solve(ksp, A, b, x);
  CHECK(res2.reason > 0);
  CHECK(res2.relres <= 1e-8);
  CHECK(res2.its <= res.its);
}

TEST_CASE("gcrodr: rebuilt C = A U is orthonormal after a small and a large operator change") {
  // One CholQR pass when C is well conditioned, two otherwise: either way C
  // must come out orthonormal to working accuracy and still equal A U.
  DiffusionSequence seq(32, 15);
  Handle<Mat> A0 = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A0);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  CHECK(solve(ksp, A0, b, x).relres <= 1e-8);
  auto* d = skr::gcrodr::data_of(ksp);
  // A neighbour, a distant sample, and that sample with its rows scaled over
  // three decades (C = A U then has cond ~1e3: the two-pass path).
  for (int t : {1, 14, -14}) {
    CAPTURE(t);
    Handle<Mat> A = seq.matrix(std::abs(t));
    if (t < 0) {
      Handle<Vec> rows = make_vec(A);
      for (PetscInt i = 0; i < seq.n; ++i)
        SKR_PETSC(VecSetValue(rows, i, std::pow(10.0, 3.0 * i / seq.n), INSERT_VALUES));
      SKR_PETSC(VecAssemblyBegin(rows));
      SKR_PETSC(VecAssemblyEnd(rows));
      SKR_PETSC(MatDiagonalScale(A, rows, nullptr));
    }
    SKR_PETSC(KSPSetOperators(ksp, A, A));
    SKR_PETSC(KSPSetUp(ksp));
    SKR_PETSC(skr::gcrodr::refresh_recycle_space(ksp, true));
    const PetscInt kc = d->kc;
    REQUIRE(kc > 0);
    std::vector<PetscScalar> ctc(kc * kc);
    double ortho = 0, residual = 0;
    for (PetscInt j = 0; j < kc; ++j) {
      SKR_PETSC(VecMDot(d->C[j], kc, d->C.data(), &ctc[j * kc]));
      for (PetscInt i = 0; i < kc; ++i)
        ortho = std::max(ortho, std::abs(ctc[i + j * kc] - (i == j ? 1.0 : 0.0)));
      Handle<Vec> au = make_vec(A);
      SKR_PETSC(MatMult(A, d->U[j], au));
      SKR_PETSC(VecAXPY(au, -1, d->C[j]));
      PetscReal nrm;
      SKR_PETSC(VecNorm(au, NORM_2, &nrm));
      residual = std::max(residual, double(nrm));
    }
    CHECK(ortho <= 1e-12);
    CHECK(residual <= 1e-10);
    if (t > 0) CHECK(solve(ksp, A, b, x).relres <= 1e-8);
  }
}

namespace {

// Diagonal matrix diag(d) on PETSC_COMM_SELF.
Handle<Mat> diagonal(const std::vector<double>& d) {
  Handle<Mat> A;
  const PetscInt n = static_cast<PetscInt>(d.size());
  SKR_PETSC(MatCreateSeqAIJ(PETSC_COMM_SELF, n, n, 1, nullptr, A.out()));
  for (PetscInt i = 0; i < n; ++i) SKR_PETSC(MatSetValue(A, i, i, d[i], INSERT_VALUES));
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  return A;
}

Handle<Vec> vec_from(const std::vector<double>& v) {
  Handle<Vec> x;
  SKR_PETSC(VecCreateSeq(PETSC_COMM_SELF, static_cast<PetscInt>(v.size()), x.out()));
  for (std::size_t i = 0; i < v.size(); ++i)
    SKR_PETSC(VecSetValue(x, static_cast<PetscInt>(i), v[i], INSERT_VALUES));
  SKR_PETSC(VecAssemblyBegin(x));
  SKR_PETSC(VecAssemblyEnd(x));
  return x;
}

bool finite(Vec x) {
  PetscReal nrm;
  SKR_PETSC(VecNorm(x, NORM_2, &nrm));
  return std::isfinite(nrm);
}

} // namespace

TEST_CASE("gcrodr: zero right-hand side") {
  DiffusionSequence seq(16, 16);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A), zero = make_vec(A);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  solve(ksp, A, b, x); // with a recycled space present
  SKR_PETSC(VecSet(zero, 0));
  const auto res = solve(ksp, A, zero, x);
  CHECK(res.reason == KSP_CONVERGED_ATOL);
  CHECK(res.its == 0);
  PetscReal nrm;
  SKR_PETSC(VecNorm(x, NORM_2, &nrm));
  CHECK(nrm == 0.0);
}

TEST_CASE("gcrodr: happy breakdown and k larger than the Krylov space") {
  // Three distinct eigenvalues: the Krylov space has dimension 3.
  std::vector<double> d(100);
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = 1.0 + static_cast<double>(i % 3);
  Handle<Mat> A = diagonal(d);
  std::vector<double> bv(d.size());
  for (std::size_t i = 0; i < bv.size(); ++i) bv[i] = 1.0 + 0.01 * static_cast<double>(i);
  Handle<Vec> b = vec_from(bv), x = make_vec(A);
  KspConfig cfg;
  cfg.rtol = 1e-14;
  Handle<KSP> ksp = make_ksp(cfg);
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason > 0);
  CHECK(res.its <= 3);
  CHECK(res.relres <= 1e-12);
  CHECK(recycled_dimension(ksp) >= 1);
  CHECK(recycled_dimension(ksp) <= 3);
  // The recycled space is the invariant subspace: the next solve is immediate.
  SKR_PETSC(VecSet(x, 0));
  const auto res2 = solve(ksp, A, b, x);
  CHECK(res2.reason > 0);
  CHECK(res2.its <= 1);
  CHECK(res2.relres <= 1e-12);
}

TEST_CASE("gcrodr: rank-deficient A U after an operator change") {
  // b supported on the first 10 coordinates of a diagonal matrix: U lives there.
  const PetscInt n = 60;
  std::vector<double> d1(n), d2(n), b1(n, 0.0), b2(n, 0.0);
  for (PetscInt i = 0; i < n; ++i) {
    d1[i] = 1.0 + i;
    d2[i] = i < 5 ? 0.0 : 2.0 + i; // singular on half of span(U)
    if (i < 10) b1[i] = 1.0;
    if (i >= 5) b2[i] = 1.0; // consistent with d2
  }
  Handle<Mat> A1 = diagonal(d1), A2 = diagonal(d2);
  Handle<Vec> rhs1 = vec_from(b1), rhs2 = vec_from(b2), x = make_vec(A1);
  KspConfig cfg;
  cfg.rtol = 1e-10;
  Handle<KSP> ksp = make_ksp(cfg);
  const auto res1 = solve(ksp, A1, rhs1, x);
  CHECK(res1.reason > 0);
  CHECK(recycled_dimension(ksp) == 10); // k = 20 > Krylov space of dimension 10
  SKR_PETSC(VecSet(x, 0));
  const auto res2 = solve(ksp, A2, rhs2, x);
  CHECK(res2.reason > 0);
  CHECK(finite(x));
  CHECK(res2.relres <= 1e-10);
  CHECK(recycled_dimension(ksp) <= 20);
}

TEST_CASE("gcrodr: max_it returns KSP_DIVERGED_ITS with a finite, improved iterate") {
  DiffusionSequence seq(48, 17);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
  KspConfig cfg;
  cfg.max_it = 55; // one full GMRES cycle plus part of a GCRO-DR cycle
  Handle<KSP> ksp = make_ksp(cfg);
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason == KSP_DIVERGED_ITS);
  CHECK(res.its == 55);
  CHECK(finite(x));
  CHECK(res.relres < 0.5);
}

TEST_CASE("gcrodr: NaN in the operator gives KSP_DIVERGED_NANORINF") {
  std::vector<double> d(20, 2.0);
  d[7] = std::nan("");
  Handle<Mat> A = diagonal(d);
  Handle<Vec> b = vec_from(std::vector<double>(20, 1.0)), x = make_vec(A);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason == KSP_DIVERGED_NANORINF);
}

TEST_CASE("gcrodr: nonzero initial guess") {
  DiffusionSequence seq(32, 18);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
  Handle<KSP> ksp = make_ksp(KspConfig{});
  const auto cold = solve(ksp, A, b, x);
  SKR_PETSC(KSPGCRODRReset(ksp));
  SKR_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE));
  SKR_PETSC(VecScale(x, 1.0 + 1e-4)); // close to the solution
  const auto warm = solve(ksp, A, b, x);
  CHECK(warm.reason > 0);
  CHECK(warm.relres <= 1e-8);
  CHECK(warm.its < cold.its);
}

TEST_CASE("gcrodr: left preconditioning converges and recycles") {
  DiffusionSequence seq(32, 19);
  KspConfig cfg;
  cfg.pc = PCJACOBI;
  cfg.side = PC_LEFT;
  Handle<KSP> ksp = make_ksp(cfg);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  std::vector<PetscInt> its;
  for (int t = 0; t < 4; ++t) {
    Handle<Mat> A = seq.matrix(t);
    Handle<Vec> x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.reason > 0);
    CHECK(res.relres <= 1e-6); // the test is on the preconditioned residual
    its.push_back(res.its);
  }
  CHECK(its[3] < 0.7 * its[0]);
}

TEST_CASE("gcrodr: converges with common preconditioners") {
  DiffusionSequence seq(32, 20);
  for (const char* pc : {PCILU, PCICC, PCSOR, PCBJACOBI, PCASM}) {
    CAPTURE(std::string(pc));
    KspConfig cfg;
    cfg.pc = pc;
    const PetscInt its_gcrodr = solve_sequence(seq, 5, cfg, 1e-8);
    cfg.type = KSPGMRES;
    const PetscInt its_gmres = solve_sequence(seq, 5, cfg, 1e-8);
    MESSAGE("5 systems 32x32, pc ", std::string(pc), ": gmres(40) ", its_gmres,
            " its, gcrodr(40,20) ", its_gcrodr);
    CHECK(its_gcrodr < its_gmres);
  }
}

// max_i ||A Z_i - C_i|| / ||A Z_i|| over the kept Z of a right-preconditioned KSP.
double kept_z_mismatch(KSP ksp, Mat A) {
  const auto* d = skr::gcrodr::data_of(ksp);
  double worst = 0;
  for (PetscInt i = 0; i < d->kc; ++i) {
    Handle<Vec> az = make_vec(A);
    SKR_PETSC(MatMult(A, d->Z[i], az));
    PetscReal scale = 0, nrm = 0;
    SKR_PETSC(VecNorm(az, NORM_2, &scale));
    SKR_PETSC(VecAXPY(az, -1, d->C[i]));
    SKR_PETSC(VecNorm(az, NORM_2, &nrm));
    worst = std::max(worst, double(nrm / scale));
  }
  return worst;
}

TEST_CASE("gcrodr: with a right preconditioner Z = M^-1 U is kept, A Z = C along a sequence and "
          "across preconditioner changes") {
  DiffusionSequence seq(32, 21);
  KspConfig cfg;
  cfg.pc = PCILU;
  Handle<KSP> ksp = make_ksp(cfg);
  const auto* d = skr::gcrodr::data_of(ksp);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n);
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  // New operators (C = A Z, no PC application), then the last one with a new
  // PC type (Z = M^-1 U rebuilt), with no PC (Z not kept), and ILU again.
  const std::vector<std::pair<int, const char*>> steps = {
      {0, PCILU}, {1, PCILU}, {2, PCILU}, {3, PCILU}, {3, PCJACOBI}, {3, PCNONE}, {4, PCILU}};
  for (const auto& [t, type] : steps) {
    CAPTURE(t);
    CAPTURE(std::string(type));
    SKR_PETSC(PCSetType(pc, type));
    Handle<Mat> A = seq.matrix(t);
    Handle<Vec> x = make_vec(A);
    const auto res = solve(ksp, A, b, x);
    CHECK(res.reason > 0);
    CHECK(res.relres <= 1e-8);
    CHECK(recycled_dimension(ksp) == 20);
    const bool kept = std::string(type) != PCNONE;
    CHECK(d->keep_z == kept);
    if (kept) CHECK(kept_z_mismatch(ksp, A) <= 1e-10);
  }
}

TEST_CASE("gcrodr: options and view") {
  Handle<KSP> ksp;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetType(ksp, KSPGCRODR));
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_restart", "30"));
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_recycle", "10"));
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_orthog", "mgs"));
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_recycle_target", "largest"));
  SKR_PETSC(KSPSetFromOptions(ksp));
  for (const char* o : {"-ksp_gcrodr_restart", "-ksp_gcrodr_recycle", "-ksp_gcrodr_orthog",
                        "-ksp_gcrodr_recycle_target"})
    SKR_PETSC(PetscOptionsClearValue(nullptr, o));
  PetscInt m = 0, k = 0;
  SKR_PETSC(KSPGCRODRGetRestart(ksp, &m));
  SKR_PETSC(KSPGCRODRGetRecycle(ksp, &k));
  CHECK(m == 30);
  CHECK(k == 10);

  // MGS and the largest target still solve correctly.
  DiffusionSequence seq(16, 21);
  Handle<Mat> A = seq.matrix(0);
  Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
  SKR_PETSC(KSPSetTolerances(ksp, 1e-9, 1e-50, PETSC_DEFAULT, 5000));
  const auto res = solve(ksp, A, b, x);
  CHECK(res.reason > 0);
  CHECK(res.relres <= 1e-9);
  CHECK(recycled_dimension(ksp) == 10);

  PetscViewer viewer;
  char buffer[4096] = {};
  SKR_PETSC(PetscViewerStringOpen(PETSC_COMM_SELF, buffer, sizeof(buffer), &viewer));
  SKR_PETSC(KSPView(ksp, viewer));
  SKR_PETSC(PetscViewerDestroy(&viewer));
  const std::string text(buffer);
  CHECK(text.find("m=30") != std::string::npos);
  CHECK(text.find("k=10") != std::string::npos);
  CHECK(text.find("recycled dimension 10") != std::string::npos);
}

TEST_CASE("gcrodr: every CGS refinement policy and update cadence solves a sequence") {
  DiffusionSequence seq(32, 23);
  const KSPGCRODRRefine refines[] = {KSPGCRODR_REFINE_NEVER, KSPGCRODR_REFINE_IFNEEDED,
                                     KSPGCRODR_REFINE_ALWAYS};
  for (const KSPGCRODRRefine refine : refines) {
    for (const PetscInt every : {0, 1, 2, 5}) {
      CAPTURE(int(refine));
      CAPTURE(every);
      Handle<KSP> ksp = make_ksp(KspConfig{});
      SKR_PETSC(KSPGCRODRSetCGSRefinement(ksp, refine));
      SKR_PETSC(KSPGCRODRSetUpdateEvery(ksp, every));
      for (int t = 0; t < 3; ++t) {
        Handle<Mat> A = seq.matrix(t);
        Handle<Vec> b = skr::test::diffusion_rhs(seq.n), x = make_vec(A);
        const auto res = solve(ksp, A, b, x);
        CHECK(res.reason > 0);
        CHECK(res.relres <= 1e-8);
        CHECK(recycled_dimension(ksp) == 20);
      }
    }
  }
  Handle<KSP> ksp = make_ksp(KspConfig{});
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_cgs_refinement", "always"));
  SKR_PETSC(PetscOptionsSetValue(nullptr, "-ksp_gcrodr_update_every", "4"));
  SKR_PETSC(KSPSetFromOptions(ksp));
  for (const char* o : {"-ksp_gcrodr_cgs_refinement", "-ksp_gcrodr_update_every"})
    SKR_PETSC(PetscOptionsClearValue(nullptr, o));
  PetscViewer viewer;
  char buffer[4096] = {};
  SKR_PETSC(PetscViewerStringOpen(PETSC_COMM_SELF, buffer, sizeof(buffer), &viewer));
  SKR_PETSC(KSPView(ksp, viewer));
  SKR_PETSC(PetscViewerDestroy(&viewer));
  CHECK(std::string(buffer).find("with one refinement") != std::string::npos);
  CHECK(skr::gcrodr::data_of(ksp)->update_every == 4);
}

TEST_CASE("gcrodr: blocked kernels match VecMDot, VecMAXPY and VecNorm") {
  // 1003 spans several row blocks and leaves a tail for every SIMD chunk size
  // (4, 8, 16, 32 rows); 264 is a multiple of 8 but not of 16 or 32; 45 is
  // less than one row block; 7 is less than one SIMD vector.
  const PetscInt nmax = 13;
  for (const PetscInt n : {1003, 264, 45, 7}) {
    CAPTURE(n);
    Handle<Mat> A;
    SKR_PETSC(MatCreateConstantDiagonal(PETSC_COMM_SELF, n, n, n, n, 1.0, A.out()));
    Handle<KSP> ksp = make_ksp(KspConfig{});
    SKR_PETSC(KSPSetOperators(ksp, A, A));
    SKR_PETSC(KSPSetUp(ksp));
    skr::gcrodr::Data* d = skr::gcrodr::data_of(ksp);

    std::vector<Handle<Vec>> owned;
    owned.reserve(nmax + 8);
    auto random_vec = [&]() { // deterministic pseudo-random entries
      owned.push_back(make_vec(A));
      PetscScalar* a;
      SKR_PETSC(VecGetArray(owned.back(), &a));
      for (PetscInt e = 0; e < n; ++e) a[e] = std::sin(12.9898 * (e + 1) * owned.size());
      SKR_PETSC(VecRestoreArray(owned.back(), &a));
      return Vec(owned.back());
    };
    std::vector<Vec> X, Y;
    for (PetscInt l = 0; l < nmax; ++l) X.push_back(random_vec());
    for (PetscInt i = 0; i < 5; ++i) Y.push_back(random_vec());
    Vec w = random_vec(), w_ref = random_vec(), z = random_vec();
    std::vector<PetscScalar> out(nmax * 5), ref(nmax), M(nmax * 5), h2(nmax);
    for (std::size_t e = 0; e < M.size(); ++e) M[e] = std::sin(1.0 + e);

    for (const PetscInt nx : {1, 2, 3, 7, 13}) {
      for (const PetscInt ny : {1, 2, 3, 5}) {
        CAPTURE(nx);
        CAPTURE(ny);
        SKR_PETSC(skr::gcrodr::multi_dot(d, nx, X.data(), ny, Y.data(), out.data(), nx));
        SKR_PETSC(skr::gcrodr::multi_combine(d, nx, X.data(), M.data(), nx, ny, Y.data()));
        for (PetscInt i = 0; i < ny; ++i) {
          PetscReal err;
          SKR_PETSC(VecSet(z, 0));
          SKR_PETSC(VecMAXPY(z, nx, M.data() + i * nx, X.data()));
          SKR_PETSC(VecAXPY(z, -1, Y[i]));
          SKR_PETSC(VecNorm(z, NORM_2, &err));
          CHECK(err < 1e-12);
        }
      }
      // Dots checked against VecMDot on Y[0] (as rewritten by the combine).
      SKR_PETSC(skr::gcrodr::multi_dot(d, nx, X.data(), 1, &Y[0], out.data(), nx));
      SKR_PETSC(VecMDot(Y[0], nx, X.data(), ref.data()));
      for (PetscInt l = 0; l < nx; ++l) CHECK(out[l] == doctest::Approx(ref[l]).epsilon(1e-12));

      // w -= X h with the norm and the fused dots X^T w_new.
      PetscReal nrm, nrm_ref;
      SKR_PETSC(VecCopy(w, w_ref));
      SKR_PETSC(skr::gcrodr::project_out(d, w, nx, X.data(), M.data(), &nrm, h2.data()));
      for (PetscInt l = 0; l < nx; ++l) ref[l] = -M[l];
      SKR_PETSC(VecMAXPY(w_ref, nx, ref.data(), X.data()));
      SKR_PETSC(VecNorm(w_ref, NORM_2, &nrm_ref));
      CHECK(nrm == doctest::Approx(nrm_ref).epsilon(1e-12));
      SKR_PETSC(VecMDot(w_ref, nx, X.data(), ref.data()));
      for (PetscInt l = 0; l < nx; ++l) CHECK(h2[l] == doctest::Approx(ref[l]).epsilon(1e-12));
      SKR_PETSC(VecAXPY(w_ref, -1, w));
      SKR_PETSC(VecNorm(w_ref, NORM_2, &nrm_ref));
      CHECK(nrm_ref < 1e-12 * nrm);
    }
  }
}

namespace {

// A harmonic Ritz problem shaped like GCRO-DR's (kc recycled columns, j
// Arnoldi steps): G = [[D, B], [0, Hbar]], W = [[C^T U D, 0], [V^T U D, I]],
// near a symmetric one (Hbar from Arnoldi on an SPD operator: a symmetric
// positive definite tridiagonal H) so that its eigenvalues are well
// conditioned and the two methods must agree to near working accuracy.
void random_harmonic_ritz_problem(skr::gcrodr::Data& d, PetscInt kc, PetscInt j, unsigned seed) {
  const PetscInt p = kc + j, rows = p + 1;
  std::mt19937 gen(seed);
  std::normal_distribution<double> noise(0, 0.1);
  std::uniform_real_distribution<double> uniform(0, 1.5);
  d.G.assign(rows * p, 0);
  d.W.assign(rows * p, 0);
  for (PetscInt c = 0; c < kc; ++c) {
    d.G[c + c * rows] = 1 + uniform(gen); // D
    for (PetscInt r = 0; r < rows; ++r) d.W[r + c * rows] = (r == c) + noise(gen);
  }
  for (PetscInt c = kc; c < p; ++c) {
    for (PetscInt r = 0; r < kc; ++r) d.G[r + c * rows] = noise(gen); // B
    d.G[c + c * rows] = 2.5 + uniform(gen);
    d.G[c + 1 + c * rows] = -1;
    if (c > kc) d.G[c - 1 + c * rows] = -1;
    d.W[c + c * rows] = 1;
  }
  for (auto* v : {&d.Gqr, &d.Ae, &d.Be, &d.VR}) v->assign(rows * rows, 0);
  for (auto* v : {&d.alphar, &d.alphai, &d.beta, &d.tau}) v->assign(p, 0);
  d.mag.assign(p, 0);
  d.work.assign(64 * rows, 0);
}

// Largest relative residual ||G^T G z - theta G^T W z|| / ((||G^T G|| +
// |theta| ||G^T W||) ||z||) over the real eigenpairs in VR, with theta the
// pair's Rayleigh quotient, which must have magnitude mag; *count of them.
PetscReal eigenpair_residual(const skr::gcrodr::Data& d, const std::vector<PetscScalar>& W,
                             PetscInt p, int* count) {
  const PetscInt rows = p + 1;
  std::vector<PetscScalar> Ae(p * p, 0), Be(p * p, 0), a(p), b(p);
  for (PetscInt c = 0; c < p; ++c)
    for (PetscInt r = 0; r < p; ++r)
      for (PetscInt l = 0; l < rows; ++l) {
        Ae[r + c * p] += d.G[l + r * rows] * d.G[l + c * rows];
        Be[r + c * p] += d.G[l + r * rows] * W[l + c * rows];
      }
  auto norm = [](const std::vector<PetscScalar>& v) {
    PetscReal s = 0;
    for (PetscScalar x : v) s += x * x;
    return std::sqrt(s);
  };
  const PetscReal na = norm(Ae), nb = norm(Be);
  PetscReal worst = 0;
  *count = 0;
  for (PetscInt i = 0; i < p; ++i) {
    if (d.alphai[i] != 0) {
      ++i; // skip the conjugate partner too
      continue;
    }
    const PetscScalar* z = &d.VR[i * p];
    PetscScalar za = 0, zb = 0;
    for (PetscInt r = 0; r < p; ++r) {
      a[r] = b[r] = 0;
      for (PetscInt c = 0; c < p; ++c) {
        a[r] += Ae[r + c * p] * z[c];
        b[r] += Be[r + c * p] * z[c];
      }
      za += z[r] * a[r];
      zb += z[r] * b[r];
    }
    const PetscReal theta = za / zb;
    CHECK(std::abs(theta) == doctest::Approx(d.mag[i]).epsilon(1e-8));
    std::vector<PetscScalar> res(p), zv(z, z + p);
    for (PetscInt r = 0; r < p; ++r) res[r] = a[r] - theta * b[r];
    worst = std::max(worst, norm(res) / ((na + std::abs(theta) * nb) * norm(zv)));
    ++*count;
  }
  return worst;
}

std::vector<PetscReal> sorted_magnitudes(const skr::gcrodr::Data& d, PetscInt p) {
  std::vector<PetscReal> m(d.mag.begin(), d.mag.begin() + p);
  std::sort(m.begin(), m.end());
  return m;
}

} // namespace

TEST_CASE("gcrodr: harmonic Ritz values in standard form match the QZ ones") {
  skr::gcrodr::Data d;
  // (The problem is rebuilt before each call: harmonic_ritz overwrites W.)
  for (const auto& [kc, j] : {std::pair<PetscInt, PetscInt>{0, 40}, {20, 20}, {5, 3}}) {
    CAPTURE(kc);
    const PetscInt p = kc + j;
    bool standard = false;
    random_harmonic_ritz_problem(d, kc, j, 7);
    int count = 0;
    const auto W = d.W;
    REQUIRE(skr::gcrodr::harmonic_ritz(&d, p + 1, p, false, &standard) == 0);
    CHECK(standard);
    CHECK(eigenpair_residual(d, W, p, &count) < 1e-12);
    CHECK(count >= 4); // real pairs checked
    const auto fast = sorted_magnitudes(d, p);
    random_harmonic_ritz_problem(d, kc, j, 7);
    REQUIRE(skr::gcrodr::harmonic_ritz(&d, p + 1, p, true, &standard) == 0);
    CHECK_FALSE(standard);
    CHECK(eigenpair_residual(d, W, p, &count) < 1e-12);
    const auto qz = sorted_magnitudes(d, p);
    // The recycled ones: the smallest |theta|, to near working accuracy.
    for (PetscInt i = 0; i < std::min<PetscInt>(p, 20); ++i)
      CHECK(fast[i] == doctest::Approx(qz[i]).epsilon(1e-9));
  }
}

TEST_CASE("gcrodr: a rank-deficient G falls back to QZ") {
  skr::gcrodr::Data d;
  const PetscInt kc = 4, j = 6, p = kc + j, rows = p + 1;
  random_harmonic_ritz_problem(d, kc, j, 3);
  std::copy_n(&d.G[0], rows, &d.G[2 * rows]); // column 2 repeats column 0
  bool standard = true;
  CHECK(skr::gcrodr::harmonic_ritz(&d, rows, p, false, &standard) == 0);
  CHECK_FALSE(standard);
}
