#pragma once
// Internal state of KSPGCRODR, shared by gcrodr.cpp (lifecycle/options),
// gcrodr_cycle.cpp (Arnoldi + solve) and gcrodr_recycle.cpp (harmonic Ritz
// update of U, C). Everything is allocated in gcrodr_ensure_setup(), never per
// iteration. Dense matrices are column-major.
#include "solve/gcrodr.hpp"

#include <petsc/private/kspimpl.h>

#include <algorithm>
#include <vector>

// LAPACK's generalized eigensolver (PETSc 3.18 wraps no ggev), the fallback
// of the harmonic Ritz problem's standard form (dgeqrf, dormqr, dgeev).
extern "C" void dggev_(const char*, const char*, const PetscBLASInt*, PetscScalar*,
                       const PetscBLASInt*, PetscScalar*, const PetscBLASInt*, PetscScalar*,
                       PetscScalar*, PetscScalar*, PetscScalar*, const PetscBLASInt*, PetscScalar*,
                       const PetscBLASInt*, PetscScalar*, const PetscBLASInt*, PetscBLASInt*);

namespace skr::gcrodr {

static_assert(sizeof(PetscScalar) == sizeof(double), "KSPGCRODR needs real double PETSc");

// Widest SIMD vector (in doubles) the kernels of gcrodr_kernels.cpp use (AVX-512).
constexpr PetscInt kMaxSimdWidth = 8;

// What C = A U was computed for; any change means C must be rebuilt.
struct OperatorFingerprint {
  PetscObjectId amat_id = -1, pmat_id = -1, pc_id = -1;
  PetscObjectState amat_state = -1, pmat_state = -1, pc_state = -1;
  PCSide side = PC_SIDE_DEFAULT;
  PetscBool transpose = PETSC_FALSE;
  char pc_type[64] = {};
  bool operator==(const OperatorFingerprint&) const;
};

// -ksp_gcrodr_adaptive: recycling pays only when the iterations it saves
// cost more than what it adds per solve (k products C = A Z for a new
// operator, k more vectors in every orthogonalization, the harmonic Ritz
// update). With solves of ~15 iterations on an operator that changes every
// time step it does not, so the KSP measures both: it times solves with the
// recycled space and solves that leave it aside (plain GMRES(m), space kept
// untouched), runs the faster for a stretch that grows while the same one
// keeps winning (x2, or x4 when the other took twice as long), and probes
// the other for two solves in between.
struct Adaptive {
  bool recycling = true;  // the current phase solves with the recycled space
  bool probing = true;    // the current phase measures (else runs the winner)
  int left = 2;           // solves left in the current phase
  int stretch = 8;        // doubled: the length of the first run of the winner
  bool winner = true;     // recycling won the last comparison
  long long solves = 0;   // every solve seen (the first, a set-up, is not timed)
  double sum = 0;         // seconds of the current phase
  int count = 0;
  double mean[2] = {-1, -1}; // last measured seconds per solve: [plain, recycling]
};
// Counts one solve of `seconds` and moves to the next phase when one ends.
void adaptive_record(Adaptive& a, double seconds);

struct Data {
  // Parameters.
  PetscInt m = 40, k = 20;
  KSPGCRODRTarget target = KSPGCRODR_TARGET_SMALLEST;
  KSPGCRODROrthog orthog = KSPGCRODR_ORTHOG_CGS;
  KSPGCRODRRefine refine = KSPGCRODR_REFINE_ALWAYS;
  PetscInt update_every = 3;          // recycle update cadence in cycles, 0: first cycle only
  PetscBool petsc_orth = PETSC_FALSE; // CGS via VecMDot/VecMAXPY instead of the kernels
  PetscInt ncycle = 0;                // cycles done in the current solve
  PetscBool adaptive = PETSC_FALSE;   // -ksp_gcrodr_adaptive
  Adaptive adapt;
  bool frozen = false; // this solve leaves the recycled space aside (adaptive)

  // Sizes the storage below was allocated for (-1: nothing allocated).
  PetscInt alloc_m = -1, alloc_k = -1;
  PetscInt local_n = -1, global_n = -1;

  // Krylov basis V (m+1), recycled space U, C (k), and double buffers U2, C2
  // for the end-of-cycle update, which reads the old U, C.
  std::vector<Vec> V, U, C, U2, C2;
  // With right preconditioning by a PC other than none, Z = M^-1 U is kept
  // (buffer Z2) and so is Zv_j = M^-1 V_j of the cycle: the flexible form of
  // GCRO-DR. A Z = C holds whichever PC built Z, so a new operator costs k
  // products A Z but no PC applications, and neither does the solution
  // update. U keeps pairing with Z (U = M Z column by column) for the
  // harmonic Ritz problem.
  std::vector<Vec> Z, Z2, Zv;
  bool keep_z = false;  // this solve keeps Z and Zv
  bool z_valid = false; // Z pairs with U and A Z = C held at the end of the last solve
  // Scratch lists of Vec handles for VecMDot/VecMAXPY: [C V] and [U V].
  std::vector<Vec> cvlist, uvlist;
  Vec r = nullptr, t = nullptr, w1 = nullptr, w2 = nullptr;

  PetscInt kc = 0; // current number of columns of U and C
  OperatorFingerprint fp;

  // Arnoldi data of the current cycle (ld = m+1 for H, ld = k for B).
  std::vector<PetscScalar> H, R, B; // H: Hessenberg, R: its Givens-rotated copy
  std::vector<PetscScalar> cs, sn, g, y, c, h, h2;
  std::vector<PetscScalar> CU;  // k x k:  C^T U
  std::vector<PetscScalar> VU;  // (m+1) x k:  V^T U
  std::vector<PetscReal> unorm; // ||u_i||

  // Harmonic Ritz workspace (sizes for p = m columns, p+1 rows).
  std::vector<PetscScalar> G, W, Ae, Be, VR, alphar, alphai, beta, work;
  std::vector<PetscScalar> Gqr, tau; // QR of G for the standard form
  std::vector<PetscScalar> P, GP, Q, Rq, MU, T, CUn;
  std::vector<PetscReal> mag;
  std::vector<PetscInt> order, keep;
  // Raw array pointers and packed dot products for gcrodr_kernels.cpp.
  std::vector<const PetscScalar*> xptr;
  std::vector<PetscScalar*> yptr;
  std::vector<PetscScalar> kbuf;
  // kMaxSimdWidth partial sums per vector of project_out's fused dots.
  std::vector<PetscScalar> pacc;
};

inline Data* data_of(KSP ksp) {
  return static_cast<Data*>(ksp->data);
}

// Fills the handle list `list` with [X_0 .. X_{nx-1}, Y_0 .. Y_{ny-1}] for
// one blocked operation over both, and returns it.
inline Vec* join(std::vector<Vec>& list, const std::vector<Vec>& X, PetscInt nx,
                 const std::vector<Vec>& Y, PetscInt ny) {
  std::copy_n(X.begin(), nx, list.begin());
  std::copy_n(Y.begin(), ny, list.begin() + nx);
  return list.data();
}

// gcrodr.cpp
PetscErrorCode ensure_setup(KSP ksp);
// Allocates Z, Z2 (k) and Zv (m) on first use of the flexible form.
PetscErrorCode ensure_z_storage(KSP ksp);
PetscErrorCode fingerprint(KSP ksp, OperatorFingerprint* fp);

// gcrodr_kernels.cpp (local rows in blocks; vectors of one layout)
// out[l + i*ld] = X_l . Y_i for l < nx, i < ny (nx + ny <= k + m + 2, nx*ny <= (m+1)(k+1)).
PetscErrorCode multi_dot(Data* d, PetscInt nx, Vec* X, PetscInt ny, Vec* Y, PetscScalar* out,
                         PetscInt ld);
// Y_i = sum_l M[l + i*ldm] X_l for i < ny (nx <= k + m + 2, ny <= k + 1).
PetscErrorCode multi_combine(Data* d, PetscInt nx, Vec* X, const PetscScalar* M, PetscInt ldm,
                             PetscInt ny, Vec* Y);

// w -= sum_l h_l X_l (nx <= k + m + 2) and *nrm = ||w|| afterwards, one sweep;
// with hnext also hnext_l = X_l . w (the new w), fused into the same sweep.
PetscErrorCode project_out(Data* d, Vec w, PetscInt nx, Vec* X, const PetscScalar* h,
                           PetscReal* nrm, PetscScalar* hnext = nullptr);

// gcrodr_recycle.cpp
// Rebuilds C = A U for the current operator (with Z kept: C = A Z, after
// Z = M^-1 U if apply_pc) and orthonormalizes it in place (U := U R^-1, and
// Z alike), dropping numerically dependent columns.
PetscErrorCode refresh_recycle_space(KSP ksp, bool apply_pc);
// The harmonic Ritz problem G^T G z = theta G^T W z of G, W (rows x p, ld
// rows; W is overwritten): |theta| into mag, eigenvectors z into VR (p x p,
// complex pairs as real and imaginary part, flagged by alphai). In standard
// form unless force_qz or G is nearly rank deficient, then by QZ (dggev);
// *standard says which. Returns LAPACK's info.
PetscBLASInt harmonic_ritz(Data* d, PetscInt rows, PetscInt p, bool force_qz, bool* standard);
// End-of-cycle update of U, C from the generalized harmonic Ritz problem of the
// augmented Arnoldi relation A [U V_j] = [C V_{j+1}] G. `happy`: V_j invalid.
PetscErrorCode update_recycle_space(KSP ksp, PetscInt j, bool happy);

} // namespace skr::gcrodr
