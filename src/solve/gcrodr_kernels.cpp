// Row-blocked multi-vector kernels of KSPGCRODR on the local rows of vectors of
// one layout. The recycle update touches ~2k(m+1) vector pairs; done as k
// separate VecMAXPY/VecMDot calls every input vector streams from L3 k times.
// Working on blocks of rows keeps the block of every input vector in L1/L2
// while all outputs are built. The per-iteration classical Gram-Schmidt pass
// uses the same kernels: one sweep over [C V_j] for the dot products, one for
// w -= [C V_j] h with ||w|| (and optionally the next pass's dot products)
// accumulated on the fly.
//
// The loops use GCC vector types with register tiles (several independent
// accumulators, each load reused), since plain loops were auto-vectorized
// into gathers. They are compiled twice (x86-64-v3 = AVX2 + FMA, and
// baseline) and picked at load time, since the project and PETSc are built
// for baseline x86-64 only. The system BLAS is the netlib reference one
// (measured: dgemv "T" + "N" on 6400 x 30 takes ~0.4 ms, dgemm 1.7-2.7
// GFlop/s), so it is no alternative here.
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
constexpr PetscInt kRowBlock = 256; // rows per block: every input's block stays in L1/L2
constexpr PetscInt kW = 4;          // doubles per SIMD register (AVX2)
static_assert(kW == 4, "Data::pacc holds 4 partial sums per vector");

// Generic vectors: AVX2 in the x86-64-v3 clone, pairs of SSE2 ops otherwise.
// Unaligned and allowed to alias double, since they view Vec arrays.
typedef PetscScalar v4d __attribute__((vector_size(32), aligned(8), may_alias));
#define SKR_GCRODR_INLINE inline __attribute__((always_inline))
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi" // v4d only crosses always-inlined calls
#endif

SKR_GCRODR_INLINE v4d load(const PetscScalar* p) {
  return *reinterpret_cast<const v4d*>(p);
}
SKR_GCRODR_INLINE void store(PetscScalar* p, v4d v) {
  *reinterpret_cast<v4d*>(p) = v;
}
SKR_GCRODR_INLINE PetscScalar hsum(v4d v) {
  return (v[0] + v[2]) + (v[1] + v[3]);
}
SKR_GCRODR_INLINE v4d splat(PetscScalar c) {
  return v4d{c, c, c, c};
}

// out[l + i*ldo] += X_l . Y_i on rows [b, e), e - b a multiple of kW: an NX x NY
// tile of independent accumulators (8 hide the FMA latency), each Y load reused NX times.
template <int NX, int NY>
SKR_GCRODR_INLINE void dot_tile(PetscInt b, PetscInt e, const PetscScalar* const* x,
                                const PetscScalar* const* y, PetscScalar* out, PetscInt ldo) {
  v4d a[NX][NY] = {};
  for (PetscInt r = b; r < e; r += kW) {
    v4d yv[NY];
    for (int i = 0; i < NY; ++i) yv[i] = load(y[i] + r);
    for (int l = 0; l < NX; ++l) {
      const v4d xv = load(x[l] + r);
      for (int i = 0; i < NY; ++i) a[l][i] += xv * yv[i];
    }
  }
  for (int i = 0; i < NY; ++i)
    for (int l = 0; l < NX; ++l) out[l + i * ldo] += hsum(a[l][i]);
}

// All X_l against NY outputs: tiles of NX, then halving tiles for the rest.
template <int NX, int NY>
SKR_GCRODR_INLINE void dot_cols(PetscInt b, PetscInt e, PetscInt nx, PetscInt& l,
                                const PetscScalar* const* x, const PetscScalar* const* y,
                                PetscScalar* out, PetscInt ldo) {
  for (; l + NX <= nx; l += NX) dot_tile<NX, NY>(b, e, x + l, y, out + l, ldo);
  if constexpr (NX > 1) dot_cols<NX / 2, NY>(b, e, nx, l, x, y, out, ldo);
}

// tmp[l + i*nx] = X_l . Y_i (local rows).
SKR_GCRODR_KERNEL void dot_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                  PetscInt ny, const PetscScalar* const* yp, PetscScalar* tmp) {
  std::fill_n(tmp, nx * ny, 0.0);
  const PetscInt nfull = n - n % kW;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    const PetscInt end = std::min(b0 + kRowBlock, nfull);
    PetscInt i = 0;
    for (; i + 2 <= ny; i += 2) {
      PetscInt l = 0;
      dot_cols<4, 2>(b0, end, nx, l, xp, yp + i, tmp + i * nx, nx);
    }
    if (i < ny) {
      PetscInt l = 0;
      dot_cols<8, 1>(b0, end, nx, l, xp, yp + i, tmp + i * nx, nx);
    }
  }
  for (PetscInt e = nfull; e < n; ++e)
    for (PetscInt i = 0; i < ny; ++i)
      for (PetscInt l = 0; l < nx; ++l) tmp[l + i * nx] += xp[l][e] * yp[i][e];
}

// Y_{i+o} = sum_l M[l + (i+o)*ldm] X_l for o < NO on rows [b, e), e - b a multiple
// of 2 kW: NO outputs x 8 rows accumulate in registers over all inputs.
template <int NO>
SKR_GCRODR_INLINE void combine_tile(PetscInt b, PetscInt e, PetscInt nx,
                                    const PetscScalar* const* x, const PetscScalar* M, PetscInt ldm,
                                    PetscScalar* const* y) {
  for (PetscInt r = b; r < e; r += 2 * kW) {
    v4d a[NO][2] = {};
    for (PetscInt l = 0; l < nx; ++l) {
      const v4d x0 = load(x[l] + r), x1 = load(x[l] + r + kW);
      for (int o = 0; o < NO; ++o) {
        const v4d c = splat(M[l + o * ldm]);
        a[o][0] += c * x0;
        a[o][1] += c * x1;
      }
    }
    for (int o = 0; o < NO; ++o) {
      store(y[o] + r, a[o][0]);
      store(y[o] + r + kW, a[o][1]);
    }
  }
}

template <int NO>
SKR_GCRODR_INLINE void combine_outs(PetscInt b, PetscInt e, PetscInt nx, PetscInt ny, PetscInt& i,
                                    const PetscScalar* const* x, const PetscScalar* M, PetscInt ldm,
                                    PetscScalar* const* y) {
  for (; i + NO <= ny; i += NO) combine_tile<NO>(b, e, nx, x, M + i * ldm, ldm, y + i);
  if constexpr (NO > 1) combine_outs<NO / 2>(b, e, nx, ny, i, x, M, ldm, y);
}

// Y_i = sum_l M[l + i*ldm] X_l, row block by row block (the block of every X_l
// stays in cache while all outputs are built).
SKR_GCRODR_KERNEL void combine_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                      const PetscScalar* M, PetscInt ldm, PetscInt ny,
                                      PetscScalar* const* yp) {
  const PetscInt nfull = n - n % (2 * kW);
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    PetscInt i = 0;
    combine_outs<4>(b0, std::min(b0 + kRowBlock, nfull), nx, ny, i, xp, M, ldm, yp);
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

// w -= sum_l h_l X_l in one sweep over w (16 rows at a time, two partial sums
// over l for latency); returns the local ||w||^2 after. With acc, also
// acc[l] += X_l . w_new on the rows just finished (still in L1): the dot
// products of a refinement pass at no extra sweep.
SKR_GCRODR_KERNEL PetscReal project_kernel(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                           const PetscScalar* h, PetscScalar* __restrict w,
                                           PetscScalar* acc) {
  constexpr PetscInt kRows = 4 * kW;
  v4d nacc = {};
  const PetscInt nfull = n - n % kRows;
  for (PetscInt r = 0; r < nfull; r += kRows) {
    v4d a[4], b[4] = {};
    for (int q = 0; q < 4; ++q) a[q] = load(w + r + q * kW);
    PetscInt l = 0;
    for (; l + 2 <= nx; l += 2) {
      const v4d c0 = splat(h[l]), c1 = splat(h[l + 1]);
      const PetscScalar *x0 = xp[l] + r, *x1 = xp[l + 1] + r;
      for (int q = 0; q < 4; ++q) {
        a[q] -= c0 * load(x0 + q * kW);
        b[q] -= c1 * load(x1 + q * kW);
      }
    }
    if (l < nx)
      for (int q = 0; q < 4; ++q) a[q] -= splat(h[l]) * load(xp[l] + r + q * kW);
    for (int q = 0; q < 4; ++q) {
      a[q] += b[q];
      store(w + r + q * kW, a[q]);
      nacc += a[q] * a[q];
    }
    if (acc)
      for (PetscInt l = 0; l < nx; ++l) {
        const PetscScalar* x = xp[l] + r;
        v4d s = load(acc + l * kW);
        for (int q = 0; q < 4; ++q) s += load(x + q * kW) * a[q];
        store(acc + l * kW, s);
      }
  }
  PetscReal nrm2 = hsum(nacc);
  for (PetscInt e = nfull; e < n; ++e) {
    PetscScalar v = w[e];
    for (PetscInt l = 0; l < nx; ++l) v -= h[l] * xp[l][e];
    w[e] = v;
    nrm2 += v * v;
    if (acc)
      for (PetscInt l = 0; l < nx; ++l) acc[l * kW] += xp[l][e] * v;
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
                           PetscReal* nrm, PetscScalar* hnext) {
  PetscInt n;
  PetscScalar* wa;
  PetscScalar* acc = hnext ? d->pacc.data() : nullptr; // kW partial sums per X_l

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(w, &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  PetscCall(VecGetArray(w, &wa));
  if (acc) std::fill_n(acc, nx * kW, 0.0);
  const PetscReal nrm2 = project_kernel(n, nx, d->xptr.data(), h, wa, acc);
  PetscCall(VecRestoreArray(w, &wa));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  PetscCall(PetscLogFlops(2.0 * (nx + 1) * n * (acc ? 2 : 1)));
  // One reduction for the norm and the fused dot products.
  PetscScalar* sums = d->kbuf.data();
  PetscInt ns = 1;
  sums[0] = nrm2;
  if (acc)
    for (PetscInt l = 0; l < nx; ++l, ++ns)
      sums[ns] = (acc[l * kW] + acc[l * kW + 2]) + (acc[l * kW + 1] + acc[l * kW + 3]);
  PetscCallMPI(MPIU_Allreduce(MPI_IN_PLACE, sums, (PetscMPIInt)ns, MPIU_SCALAR, MPIU_SUM,
                              PetscObjectComm((PetscObject)w)));
  *nrm = std::sqrt(sums[0]);
  if (acc) std::copy_n(sums + 1, nx, hnext);
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
