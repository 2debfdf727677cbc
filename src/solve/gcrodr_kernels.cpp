// Row-blocked multi-vector kernels of KSPGCRODR on the local rows of vectors of
// one layout. The recycle update touches ~2k(m+1) vector pairs; done as k
// separate VecMAXPY/VecMDot calls every input vector streams from L3 k times.
// Working on blocks of rows keeps the block of every input vector in L1/L2
// while all outputs are built. The per-iteration classical Gram-Schmidt pass
// uses the same kernels: one sweep over [C V_j] for the dot products, one for
// w -= [C V_j] h with ||w|| accumulated on the fly (no separate VecNorm).
//
// The raw loops are compiled twice (x86-64-v3 = AVX2 + FMA, and baseline) and
// picked at load time, since the project and PETSc are built for baseline
// x86-64 (SSE2) only; the update is compute bound, so AVX2/FMA pays there.
#include "solve/gcrodr_impl.hpp"

#include <algorithm>
#include <cmath>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define SKR_GCRODR_KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define SKR_GCRODR_KERNEL
#endif

namespace skr::gcrodr {

namespace {
constexpr PetscInt kRowBlock = 256;
constexpr PetscInt kLanes = 8;
constexpr PetscInt kOut = 4; // outputs built together in multi_combine

// tmp[l + i*nx] = X_l . Y_i (local rows), kLanes independent partial sums per
// dot: vectorizes without reassociation.
SKR_GCRODR_KERNEL void dot_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                  PetscInt ny, const PetscScalar* const* yp, PetscScalar* tmp) {
  std::fill_n(tmp, nx * ny, 0.0);
  const PetscInt nfull = n - n % kLanes;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    for (PetscInt i = 0; i < ny; ++i) {
      const PetscScalar* __restrict y = yp[i];
      for (PetscInt l = 0; l < nx; ++l) {
        const PetscScalar* __restrict x = xp[l];
        PetscScalar acc[kLanes] = {};
        for (PetscInt e = b0; e < end; e += kLanes)
          for (PetscInt q = 0; q < kLanes; ++q) acc[q] += x[e + q] * y[e + q];
        PetscScalar s = 0;
        for (PetscInt q = 0; q < kLanes; ++q) s += acc[q];
        tmp[l + i * nx] += s;
      }
    }
  }
  for (PetscInt e = nfull; e < n; ++e)
    for (PetscInt i = 0; i < ny; ++i)
      for (PetscInt l = 0; l < nx; ++l) tmp[l + i * nx] += xp[l][e] * yp[i][e];
}

// Y_i = sum_l M[l + i*ldm] X_l; kOut outputs x kLanes rows accumulate in
// registers over all inputs (a short last group repeats its last output).
SKR_GCRODR_KERNEL void combine_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                      const PetscScalar* M, PetscInt ldm, PetscInt ny,
                                      PetscScalar* const* yp) {
  const PetscInt nfull = n - n % kLanes;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) { // the block of every X_l stays in L2
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    for (PetscInt i = 0; i < ny; i += kOut) {
      const PetscScalar* m[kOut];
      PetscScalar* y[kOut];
      for (PetscInt o = 0; o < kOut; ++o) {
        const PetscInt io = std::min(i + o, ny - 1);
        m[o] = M + io * ldm;
        y[o] = yp[io];
      }
      for (PetscInt e = b0; e < end; e += kLanes) {
        PetscScalar a[kOut][kLanes] = {};
        for (PetscInt l = 0; l < nx; ++l) {
          const PetscScalar* __restrict x = xp[l] + e;
          for (PetscInt o = 0; o < kOut; ++o) {
            const PetscScalar c = m[o][l];
            for (PetscInt q = 0; q < kLanes; ++q) a[o][q] += c * x[q];
          }
        }
        for (PetscInt o = kOut - 1; o >= 0; --o)
          for (PetscInt q = 0; q < kLanes; ++q) y[o][e + q] = a[o][q];
      }
    }
  }
  for (PetscInt i = 0; i < ny; ++i) {
    const PetscScalar* m0 = M + i * ldm;
    for (PetscInt e = nfull; e < n; ++e) {
      PetscScalar s = 0;
      for (PetscInt l = 0; l < nx; ++l) s += m0[l] * xp[l][e];
      yp[i][e] = s;
    }
  }
}

// w -= sum_l h_l X_l in one sweep over w; returns the local ||w||^2 after.
SKR_GCRODR_KERNEL PetscReal project_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                           const PetscScalar* h, PetscScalar* __restrict w) {
  PetscScalar nacc[kLanes] = {};
  const PetscInt nfull = n - n % kLanes;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    PetscScalar blk[kRowBlock];
    for (PetscInt e = b0; e < end; ++e) blk[e - b0] = w[e];
    for (PetscInt l = 0; l < nx; ++l) {
      const PetscScalar* __restrict x = xp[l];
      const PetscScalar c = h[l];
      for (PetscInt e = b0; e < end; ++e) blk[e - b0] -= c * x[e];
    }
    for (PetscInt e = b0; e < end; e += kLanes)
      for (PetscInt q = 0; q < kLanes; ++q) {
        const PetscScalar v = blk[e - b0 + q];
        w[e + q] = v;
        nacc[q] += v * v;
      }
  }
  PetscReal nrm2 = 0;
  for (PetscInt q = 0; q < kLanes; ++q) nrm2 += nacc[q];
  for (PetscInt e = nfull; e < n; ++e) {
    PetscScalar v = w[e];
    for (PetscInt l = 0; l < nx; ++l) v -= h[l] * xp[l][e];
    w[e] = v;
    nrm2 += v * v;
  }
  return nrm2;
}

} // namespace

PetscErrorCode multi_dot(Data* d, PetscInt nx, Vec* X, PetscInt ny, Vec* Y, PetscScalar* out,
                         PetscInt ld) {
  PetscInt n;
  PetscScalar* tmp = d->kbuf.data(); // packed nx x ny

  PetscFunctionBegin;
  if (nx == 0 || ny == 0) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(X[0], &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecGetArrayRead(Y[i], &d->xptr[nx + i]));
  dot_kernel(n, nx, d->xptr.data(), ny, d->xptr.data() + nx, tmp);
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecRestoreArrayRead(Y[i], &d->xptr[nx + i]));
  PetscCall(PetscLogFlops(2.0 * nx * ny * n));
  PetscCallMPI(MPIU_Allreduce(MPI_IN_PLACE, tmp, (PetscMPIInt)(nx * ny), MPIU_SCALAR, MPIU_SUM,
                              PetscObjectComm((PetscObject)X[0])));
  for (PetscInt i = 0; i < ny; ++i)
    for (PetscInt l = 0; l < nx; ++l) out[l + i * ld] = tmp[l + i * nx];
  PetscFunctionReturn(0);
}

PetscErrorCode multi_combine(Data* d, PetscInt nx, Vec* X, const PetscScalar* M, PetscInt ldm,
                             PetscInt ny, Vec* Y) {
  PetscInt n;

  PetscFunctionBegin;
  if (ny == 0) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(Y[0], &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecGetArrayWrite(Y[i], &d->yptr[i]));
  combine_kernel(n, nx, d->xptr.data(), M, ldm, ny, d->yptr.data());
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecRestoreArrayWrite(Y[i], &d->yptr[i]));
  PetscCall(PetscLogFlops(2.0 * nx * ny * n));
  PetscFunctionReturn(0);
}

PetscErrorCode project_out(Data* d, Vec w, PetscInt nx, Vec* X, const PetscScalar* h,
                           PetscReal* nrm) {
  PetscInt n;
  PetscScalar* wa;
  PetscReal nrm2;

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(w, &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  PetscCall(VecGetArray(w, &wa));
  nrm2 = project_kernel(n, nx, d->xptr.data(), h, wa);
  PetscCall(VecRestoreArray(w, &wa));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  PetscCall(PetscLogFlops(2.0 * (nx + 1) * n));
  PetscCallMPI(
      MPIU_Allreduce(MPI_IN_PLACE, &nrm2, 1, MPIU_REAL, MPIU_SUM, PetscObjectComm((PetscObject)w)));
  *nrm = std::sqrt(nrm2);
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
