// Row-blocked multi-vector kernels for the end-of-cycle recycle update. The
// update touches ~2k(m+1) vector pairs; done as k separate VecMAXPY/VecMDot
// calls every input vector streams from L3 k times. Working on blocks of rows
// keeps the block of every input vector in L1/L2 while all outputs are built.
#include "solve/gcrodr_impl.hpp"

#include <algorithm>

namespace skr::gcrodr {

namespace {
constexpr PetscInt kRowBlock = 256;
constexpr PetscInt kLanes = 8;
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
  std::fill_n(tmp, nx * ny, 0.0);
  // kLanes independent partial sums per dot: vectorizes without reassociation.
  const PetscInt nfull = n - n % kLanes;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    for (PetscInt i = 0; i < ny; ++i) {
      const PetscScalar* __restrict y = d->xptr[nx + i];
      for (PetscInt l = 0; l < nx; ++l) {
        const PetscScalar* __restrict x = d->xptr[l];
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
      for (PetscInt l = 0; l < nx; ++l) tmp[l + i * nx] += d->xptr[l][e] * d->xptr[nx + i][e];
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
  // Two outputs x kLanes rows accumulate in registers over all inputs.
  const PetscInt nfull = n - n % kLanes;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) { // the block of every X_l stays in L2
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    for (PetscInt i = 0; i < ny; i += 2) {
      const bool two = i + 1 < ny;
      const PetscScalar* m0 = M + i * ldm;
      const PetscScalar* m1 = two ? M + (i + 1) * ldm : m0;
      PetscScalar* __restrict y0 = d->yptr[i];
      PetscScalar* __restrict y1 = two ? d->yptr[i + 1] : d->yptr[i];
      for (PetscInt e = b0; e < end; e += kLanes) {
        PetscScalar a0[kLanes] = {}, a1[kLanes] = {};
        for (PetscInt l = 0; l < nx; ++l) {
          const PetscScalar* __restrict x = d->xptr[l] + e;
          const PetscScalar c0 = m0[l], c1 = m1[l];
          for (PetscInt q = 0; q < kLanes; ++q) {
            a0[q] += c0 * x[q];
            a1[q] += c1 * x[q];
          }
        }
        if (two)
          for (PetscInt q = 0; q < kLanes; ++q) y1[e + q] = a1[q];
        for (PetscInt q = 0; q < kLanes; ++q) y0[e + q] = a0[q];
      }
    }
  }
  for (PetscInt i = 0; i < ny; i += 2) {
    const bool two = i + 1 < ny;
    const PetscScalar* m0 = M + i * ldm;
    const PetscScalar* m1 = two ? M + (i + 1) * ldm : m0;
    PetscScalar* y0 = d->yptr[i];
    PetscScalar* y1 = two ? d->yptr[i + 1] : nullptr;
    for (PetscInt e = nfull; e < n; ++e) {
      PetscScalar s0 = 0, s1 = 0;
      for (PetscInt l = 0; l < nx; ++l) {
        s0 += m0[l] * d->xptr[l][e];
        s1 += m1[l] * d->xptr[l][e];
      }
      y0[e] = s0;
      if (two) y1[e] = s1;
    }
  }
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecRestoreArrayWrite(Y[i], &d->yptr[i]));
  PetscCall(PetscLogFlops(2.0 * nx * ny * n));
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
