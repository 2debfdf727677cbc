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
// into gathers. The kernels are templates over the vector width W (doubles
// per register); since the project and PETSc are built for baseline x86-64
// only, they are instantiated as
//  - W = 8 for x86-64-v4 (AVX-512, 32 zmm registers), and
//  - W = 4 via target_clones for x86-64-v3 (AVX2 + FMA, 16 ymm registers)
//    and baseline (each operation a pair of SSE2 ones),
// and the width is picked once at run time from the CPU features. Measured
// per call against W = 4 (AVX2) on an AVX-512 Xeon (2 MB L2), 20-41 vectors
// of 6400 rows with PETSc's 16-byte aligned arrays: multi-vector dots (21 Y_i,
// 4 x 4 tiles) 1.55x, combine 1.25x, project_kernel 1.0-1.1x, single-Y dots
// unchanged (they stay at W = 4, see dot_w8); with 64-byte aligned rows,
// project_kernel and single-Y dots gain 1.1-1.5x too, so KSPGCRODR allocates
// its work vectors 64-byte aligned (gcrodr.cpp). Beyond L2 (60 vectors) all
// are bound by L3 bandwidth at either width.
// The system BLAS is the netlib reference one (measured: dgemv "T" + "N" on
// 6400 x 30 takes ~0.4 ms, dgemm 1.7-2.7 GFlop/s), so it is no alternative here.
#include "solve/gcrodr_impl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define SKR_GCRODR_MULTIVERSION 1
#define SKR_GCRODR_KERNEL_W4 __attribute__((target_clones("arch=x86-64-v3", "default")))
#define SKR_GCRODR_KERNEL_W8 __attribute__((target("arch=x86-64-v4")))
#else
#define SKR_GCRODR_MULTIVERSION 0
#define SKR_GCRODR_KERNEL_W4
#endif

namespace skr::gcrodr {

namespace {
constexpr PetscInt kRowBlock = 256; // rows per block: every input's block stays in L1/L2

// Generic vectors of W doubles. Unaligned and allowed to alias double, since
// they view Vec arrays.
template <int W> struct Simd {
  static_assert(W == 4 || W == 8, "SIMD width");
  static_assert(W <= kMaxSimdWidth, "Data::pacc holds kMaxSimdWidth partial sums per vector");
  typedef PetscScalar type
      __attribute__((vector_size(W * sizeof(PetscScalar)), aligned(8), may_alias));
};
template <int W> using vec_t = typename Simd<W>::type;

#define SKR_GCRODR_INLINE inline __attribute__((always_inline))
#if defined(__GNUC__)                    // GCC and Clang
#pragma GCC diagnostic ignored "-Wpsabi" // vectors only cross always-inlined calls
#endif

template <int W> SKR_GCRODR_INLINE vec_t<W> load(const PetscScalar* p) {
  return *reinterpret_cast<const vec_t<W>*>(p);
}
template <int W> SKR_GCRODR_INLINE void store(PetscScalar* p, const vec_t<W>& v) {
  *reinterpret_cast<vec_t<W>*>(p) = v;
}
// Pairwise: (v0 + v2) + (v1 + v3) for W = 4.
template <int W> SKR_GCRODR_INLINE PetscScalar hsum(const vec_t<W>& v) {
  vec_t<W> t = v;
  for (int s = W / 2; s > 0; s /= 2)
    for (int i = 0; i < s; ++i) t[i] += t[i + s];
  return t[0];
}
template <int W> SKR_GCRODR_INLINE vec_t<W> splat(PetscScalar c) {
  return vec_t<W>{} + c;
}

// out[l + i*ldo] += X_l . Y_i on rows [b, e), e - b a multiple of W: an NX x NY
// tile of independent accumulators (8 hide the FMA latency), each Y load reused NX times.
template <int W, int NX, int NY>
SKR_GCRODR_INLINE void dot_tile(PetscInt b, PetscInt e, const PetscScalar* const* x,
                                const PetscScalar* const* y, PetscScalar* out, PetscInt ldo) {
  vec_t<W> a[NX][NY] = {};
  for (PetscInt r = b; r < e; r += W) {
    vec_t<W> yv[NY];
    for (int i = 0; i < NY; ++i) yv[i] = load<W>(y[i] + r);
    for (int l = 0; l < NX; ++l) {
      const vec_t<W> xv = load<W>(x[l] + r);
      for (int i = 0; i < NY; ++i) a[l][i] += xv * yv[i];
    }
  }
  for (int i = 0; i < NY; ++i)
    for (int l = 0; l < NX; ++l) out[l + i * ldo] += hsum<W>(a[l][i]);
}

// All X_l against NY outputs: tiles of NX, then halving tiles for the rest.
template <int W, int NX, int NY>
SKR_GCRODR_INLINE void dot_cols(PetscInt b, PetscInt e, PetscInt nx, PetscInt& l,
                                const PetscScalar* const* x, const PetscScalar* const* y,
                                PetscScalar* out, PetscInt ldo) {
  for (; l + NX <= nx; l += NX) dot_tile<W, NX, NY>(b, e, x + l, y, out + l, ldo);
  if constexpr (NX > 1) dot_cols<W, NX / 2, NY>(b, e, nx, l, x, y, out, ldo);
}

// All Y_i in groups of NY, then halving groups for the rest; tiles of 4 X_l x
// NY Y_i (8 X_l for a single Y_i).
template <int W, int NY>
SKR_GCRODR_INLINE void dot_outs(PetscInt b, PetscInt e, PetscInt nx, PetscInt ny, PetscInt& i,
                                const PetscScalar* const* x, const PetscScalar* const* y,
                                PetscScalar* out, PetscInt ldo) {
  for (; i + NY <= ny; i += NY) {
    PetscInt l = 0;
    dot_cols<W, NY == 1 ? 8 : 4, NY>(b, e, nx, l, x, y + i, out + i * ldo, ldo);
  }
  if constexpr (NY > 1) dot_outs<W, NY / 2>(b, e, nx, ny, i, x, y, out, ldo);
}

// tmp[l + i*nx] = X_l . Y_i (local rows). Tiles of 4 x 2 accumulators for 16
// ymm registers; 4 x 4 for 32 zmm (W = 8: ~1.7x faster than 4 x 2 on 41 X_l x
// 21 Y_i).
template <int W>
SKR_GCRODR_INLINE void dot_impl(PetscInt n, PetscInt nx, const PetscScalar* const* xp, PetscInt ny,
                                const PetscScalar* const* yp, PetscScalar* tmp) {
  constexpr int kTileY = W == 8 ? 4 : 2;
  std::fill_n(tmp, nx * ny, 0.0);
  const PetscInt nfull = n - n % W;
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    PetscInt i = 0;
    dot_outs<W, kTileY>(b0, std::min(b0 + kRowBlock, nfull), nx, ny, i, xp, yp, tmp, nx);
  }
  for (PetscInt e = nfull; e < n; ++e)
    for (PetscInt i = 0; i < ny; ++i)
      for (PetscInt l = 0; l < nx; ++l) tmp[l + i * nx] += xp[l][e] * yp[i][e];
}

// Y_{i+o} = sum_l M[l + (i+o)*ldm] X_l for o < NO on rows [b, e), e - b a multiple
// of 2 W: NO outputs x 2 W rows accumulate in registers over all inputs.
template <int W, int NO>
SKR_GCRODR_INLINE void combine_tile(PetscInt b, PetscInt e, PetscInt nx,
                                    const PetscScalar* const* x, const PetscScalar* M, PetscInt ldm,
                                    PetscScalar* const* y) {
  for (PetscInt r = b; r < e; r += 2 * W) {
    vec_t<W> a[NO][2] = {};
    for (PetscInt l = 0; l < nx; ++l) {
      const vec_t<W> x0 = load<W>(x[l] + r), x1 = load<W>(x[l] + r + W);
      for (int o = 0; o < NO; ++o) {
        const vec_t<W> c = splat<W>(M[l + o * ldm]);
        a[o][0] += c * x0;
        a[o][1] += c * x1;
      }
    }
    for (int o = 0; o < NO; ++o) {
      store<W>(y[o] + r, a[o][0]);
      store<W>(y[o] + r + W, a[o][1]);
    }
  }
}

template <int W, int NO>
SKR_GCRODR_INLINE void combine_outs(PetscInt b, PetscInt e, PetscInt nx, PetscInt ny, PetscInt& i,
                                    const PetscScalar* const* x, const PetscScalar* M, PetscInt ldm,
                                    PetscScalar* const* y) {
  for (; i + NO <= ny; i += NO) combine_tile<W, NO>(b, e, nx, x, M + i * ldm, ldm, y + i);
  if constexpr (NO > 1) combine_outs<W, NO / 2>(b, e, nx, ny, i, x, M, ldm, y);
}

// Y_i = sum_l M[l + i*ldm] X_l, row block by row block (the block of every X_l
// stays in cache while all outputs are built).
template <int W>
SKR_GCRODR_INLINE void combine_impl(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                    const PetscScalar* M, PetscInt ldm, PetscInt ny,
                                    PetscScalar* const* yp) {
  const PetscInt nfull = n - n % (2 * W);
  for (PetscInt b0 = 0; b0 < nfull; b0 += kRowBlock) {
    PetscInt i = 0;
    combine_outs<W, 4>(b0, std::min(b0 + kRowBlock, nfull), nx, ny, i, xp, M, ldm, yp);
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

// w -= sum_l h_l X_l in one sweep over w (4 W rows at a time, two partial sums
// over l for latency); returns the local ||w||^2 after. With acc (room for
// kMaxSimdWidth * nx values), also acc[l] = X_l . w_new on the local rows,
// accumulated as W partial sums per l on the rows just finished (still in L1):
// the dot products of a refinement pass at no extra sweep.
template <int W>
SKR_GCRODR_INLINE PetscReal project_impl(PetscInt n, PetscInt nx, const PetscScalar* const* xp,
                                         const PetscScalar* h, PetscScalar* __restrict w,
                                         PetscScalar* acc) {
  constexpr PetscInt kRows = 4 * W;
  vec_t<W> nacc = {};
  if (acc) std::fill_n(acc, nx * W, 0.0);
  const PetscInt nfull = n - n % kRows;
  for (PetscInt r = 0; r < nfull; r += kRows) {
    vec_t<W> a[4], b[4] = {};
    for (int q = 0; q < 4; ++q) a[q] = load<W>(w + r + q * W);
    PetscInt l = 0;
    for (; l + 2 <= nx; l += 2) {
      const vec_t<W> c0 = splat<W>(h[l]), c1 = splat<W>(h[l + 1]);
      const PetscScalar *x0 = xp[l] + r, *x1 = xp[l + 1] + r;
      for (int q = 0; q < 4; ++q) {
        a[q] -= c0 * load<W>(x0 + q * W);
        b[q] -= c1 * load<W>(x1 + q * W);
      }
    }
    if (l < nx)
      for (int q = 0; q < 4; ++q) a[q] -= splat<W>(h[l]) * load<W>(xp[l] + r + q * W);
    for (int q = 0; q < 4; ++q) {
      a[q] += b[q];
      store<W>(w + r + q * W, a[q]);
      nacc += a[q] * a[q];
    }
    if (acc)
      for (PetscInt l = 0; l < nx; ++l) {
        const PetscScalar* x = xp[l] + r;
        vec_t<W> s = load<W>(acc + l * W);
        for (int q = 0; q < 4; ++q) s += load<W>(x + q * W) * a[q];
        store<W>(acc + l * W, s);
      }
  }
  PetscReal nrm2 = hsum<W>(nacc);
  for (PetscInt e = nfull; e < n; ++e) {
    PetscScalar v = w[e];
    for (PetscInt l = 0; l < nx; ++l) v -= h[l] * xp[l][e];
    w[e] = v;
    nrm2 += v * v;
    if (acc)
      for (PetscInt l = 0; l < nx; ++l) acc[l * W] += xp[l][e] * v;
  }
  // Compact in place: acc[l] only overwrites partial sums of X_0..X_l.
  if (acc)
    for (PetscInt l = 0; l < nx; ++l) acc[l] = hsum<W>(load<W>(acc + l * W));
  return nrm2;
}

// Entry points, one per kernel and width: W = 4 as x86-64-v3 and baseline
// clones, W = 8 for x86-64-v4 only. A target attribute cannot depend on a
// template parameter, so this macro writes combine and project for one width.
#define SKR_GCRODR_ENTRY_POINTS(ATTRIBUTES, W)                                                   \
  ATTRIBUTES void combine_w##W(PetscInt n, PetscInt nx, const PetscScalar* const* xp,            \
                               const PetscScalar* M, PetscInt ldm, PetscInt ny,                  \
                               PetscScalar* const* yp) {                                         \
    combine_impl<W>(n, nx, xp, M, ldm, ny, yp);                                                  \
  }                                                                                              \
  ATTRIBUTES PetscReal project_w##W(PetscInt n, PetscInt nx, const PetscScalar* const* xp,       \
                                    const PetscScalar* h, PetscScalar* __restrict w,             \
                                    PetscScalar* acc) {                                          \
    return project_impl<W>(n, nx, xp, h, w, acc);                                                \
  }
SKR_GCRODR_KERNEL_W4 void dot_w4(PetscInt n, PetscInt nx, const PetscScalar* const* xp, PetscInt ny,
                                 const PetscScalar* const* yp, PetscScalar* tmp) {
  dot_impl<4>(n, nx, xp, ny, yp, tmp);
}
SKR_GCRODR_ENTRY_POINTS(SKR_GCRODR_KERNEL_W4, 4)
#if SKR_GCRODR_MULTIVERSION
SKR_GCRODR_INLINE bool all_aligned(PetscInt n, const PetscScalar* const* p, std::uintptr_t bytes) {
  for (PetscInt i = 0; i < n; ++i)
    if (reinterpret_cast<std::uintptr_t>(p[i]) % bytes) return false;
  return true;
}
SKR_GCRODR_KERNEL_W8 void dot_w8(PetscInt n, PetscInt nx, const PetscScalar* const* xp, PetscInt ny,
                                 const PetscScalar* const* yp, PetscScalar* tmp) {
  // A 512-bit load of a row that is not 64-byte aligned (PETSc aligns to 16)
  // spans two cache lines. For the single-Y dots of Gram-Schmidt, this made
  // W = 8 10-15% slower than W = 4 (20-30 X_l of 6400 rows), so these use
  // W = 4 unless every row is 64-byte aligned.
  if (ny == 1 && !(all_aligned(nx, xp, 64) && all_aligned(ny, yp, 64)))
    dot_impl<4>(n, nx, xp, ny, yp, tmp);
  else
    dot_impl<8>(n, nx, xp, ny, yp, tmp);
}
SKR_GCRODR_ENTRY_POINTS(SKR_GCRODR_KERNEL_W8, 8)
#endif
#undef SKR_GCRODR_ENTRY_POINTS

struct Kernels {
  decltype(&dot_w4) dot;
  decltype(&combine_w4) combine;
  decltype(&project_w4) project;
};

// The W = 8 entry points where the CPU (and OS) support every x86-64-v4
// feature they were compiled for, the W = 4 ones otherwise. Picked once.
const Kernels& kernels() {
  static const Kernels k = [] {
#if SKR_GCRODR_MULTIVERSION
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) return Kernels{dot_w8, combine_w8, project_w8};
#endif
    return Kernels{dot_w4, combine_w4, project_w4};
  }();
  return k;
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
  kernels().dot(n, nx, d->xptr.data(), ny, d->xptr.data() + nx, tmp);
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
  kernels().combine(n, nx, d->xptr.data(), M, ldm, ny, d->yptr.data());
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  for (PetscInt i = 0; i < ny; ++i) PetscCall(VecRestoreArrayWrite(Y[i], &d->yptr[i]));
  PetscCall(PetscLogFlops(2.0 * nx * ny * n));
  PetscFunctionReturn(0);
}

PetscErrorCode project_out(Data* d, Vec w, PetscInt nx, Vec* X, const PetscScalar* h,
                           PetscReal* nrm, PetscScalar* hnext) {
  PetscInt n;
  PetscScalar* wa;
  PetscScalar* acc = hnext ? d->pacc.data() : nullptr; // X_l . w_new (and kernel scratch)

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(w, &n));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecGetArrayRead(X[l], &d->xptr[l]));
  PetscCall(VecGetArray(w, &wa));
  const PetscReal nrm2 = kernels().project(n, nx, d->xptr.data(), h, wa, acc);
  PetscCall(VecRestoreArray(w, &wa));
  for (PetscInt l = 0; l < nx; ++l) PetscCall(VecRestoreArrayRead(X[l], &d->xptr[l]));
  PetscCall(PetscLogFlops(2.0 * (nx + 1) * n * (acc ? 2 : 1)));
  // One reduction for the norm and the fused dot products.
  PetscScalar* sums = d->kbuf.data();
  PetscInt ns = 1;
  sums[0] = nrm2;
  if (acc)
    for (PetscInt l = 0; l < nx; ++l, ++ns) sums[ns] = acc[l];
  PetscCallMPI(MPIU_Allreduce(MPI_IN_PLACE, sums, (PetscMPIInt)ns, MPIU_SCALAR, MPIU_SUM,
                              PetscObjectComm((PetscObject)w)));
  *nrm = std::sqrt(sums[0]);
  if (acc) std::copy_n(sums + 1, nx, hnext);
  PetscFunctionReturn(0);
}

} // namespace skr::gcrodr
