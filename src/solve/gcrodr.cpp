// KSPGCRODR lifecycle: create/destroy/reset, options, view, setters and the
// allocation of every work vector and dense array (done once, resized only
// when m, k or the vector layout change).
#include "solve/gcrodr_impl.hpp"

#include <petscblaslapack.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace skr::gcrodr {

PetscErrorCode KSPSolve_GCRODR(KSP ksp); // gcrodr_cycle.cpp

bool OperatorFingerprint::operator==(const OperatorFingerprint& o) const {
  return amat_id == o.amat_id && pmat_id == o.pmat_id && pc_id == o.pc_id &&
         amat_state == o.amat_state && pmat_state == o.pmat_state && pc_state == o.pc_state &&
         side == o.side && transpose == o.transpose && std::strcmp(pc_type, o.pc_type) == 0;
}

PetscErrorCode fingerprint(KSP ksp, OperatorFingerprint* fp) {
  PC pc;
  Mat A, P;
  PCType type;

  PetscFunctionBegin;
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCGetOperators(pc, &A, &P));
  PetscCall(PetscObjectGetId((PetscObject)A, &fp->amat_id));
  PetscCall(PetscObjectStateGet((PetscObject)A, &fp->amat_state));
  PetscCall(PetscObjectGetId((PetscObject)P, &fp->pmat_id));
  PetscCall(PetscObjectStateGet((PetscObject)P, &fp->pmat_state));
  PetscCall(PetscObjectGetId((PetscObject)pc, &fp->pc_id));
  PetscCall(PetscObjectStateGet((PetscObject)pc, &fp->pc_state));
  PetscCall(PCGetType(pc, &type));
  std::memset(fp->pc_type, 0, sizeof(fp->pc_type));
  if (type) std::strncpy(fp->pc_type, type, sizeof(fp->pc_type) - 1);
  fp->side = ksp->pc_side;
  fp->transpose = ksp->transpose_solve;
  PetscFunctionReturn(0);
}

namespace {

PetscErrorCode destroy_vecs(std::vector<Vec>& v) {
  PetscFunctionBegin;
  for (Vec& x : v) PetscCall(VecDestroy(&x));
  v.clear();
  PetscFunctionReturn(0);
}

PetscErrorCode free_storage(void* array) {
  std::free(array);
  return 0;
}

// A work vector of the operator's layout whose array starts on a 64-byte
// boundary (PETSc aligns its own to 16 bytes here), so that the kernels'
// 512-bit loads never straddle two cache lines. The Vec owns the array
// through a composed container.
PetscErrorCode create_aligned_vec(Data* d, MPI_Comm comm, Vec* v) {
  constexpr std::size_t kAlign = 64;
  const std::size_t bytes =
      (std::size_t(std::max<PetscInt>(d->local_n, 1)) * sizeof(PetscScalar) + kAlign - 1) / kAlign *
      kAlign;
  PetscMPIInt ranks;
  PetscContainer owner;

  PetscFunctionBegin;
  auto* array = static_cast<PetscScalar*>(std::aligned_alloc(kAlign, bytes));
  PetscCheck(array, comm, PETSC_ERR_MEM, "KSPGCRODR: cannot allocate a work vector");
  PetscCallMPI(MPI_Comm_size(comm, &ranks));
  if (ranks == 1)
    PetscCall(VecCreateSeqWithArray(comm, 1, d->local_n, array, v));
  else
    PetscCall(VecCreateMPIWithArray(comm, 1, d->local_n, d->global_n, array, v));
  PetscCall(PetscContainerCreate(comm, &owner));
  PetscCall(PetscContainerSetPointer(owner, array));
  PetscCall(PetscContainerSetUserDestroy(owner, free_storage));
  PetscCall(PetscObjectCompose((PetscObject)*v, "KSPGCRODR_storage", (PetscObject)owner));
  PetscCall(PetscContainerDestroy(&owner));
  PetscFunctionReturn(0);
}

PetscErrorCode create_vecs(KSP ksp, PetscInt n, std::vector<Vec>& v) {
  Data* d = data_of(ksp);

  PetscFunctionBegin;
  PetscCall(destroy_vecs(v));
  v.assign(n, nullptr);
  for (Vec& x : v) PetscCall(create_aligned_vec(d, PetscObjectComm((PetscObject)ksp), &x));
  PetscFunctionReturn(0);
}

PetscErrorCode destroy_all(Data* d) {
  PetscFunctionBegin;
  PetscCall(destroy_vecs(d->V));
  PetscCall(destroy_vecs(d->U));
  PetscCall(destroy_vecs(d->C));
  PetscCall(destroy_vecs(d->U2));
  PetscCall(destroy_vecs(d->C2));
  PetscCall(destroy_vecs(d->Z));
  PetscCall(destroy_vecs(d->Z2));
  PetscCall(destroy_vecs(d->Zv));
  d->z_valid = false;
  for (Vec* x : {&d->r, &d->t, &d->w1, &d->w2}) PetscCall(VecDestroy(x));
  d->alloc_m = d->alloc_k = -1;
  d->local_n = d->global_n = -1;
  d->kc = 0;
  PetscFunctionReturn(0);
}

// Dense workspace for restart M and recycle K (p <= M columns in the
// harmonic Ritz problem).
PetscErrorCode resize_dense(Data* d) {
  const std::size_t M = d->m, K = d->k;
  PetscBLASInt n, lwork = -1, info = 0, one = 1;
  PetscScalar query = 0, dummy = 0;

  PetscFunctionBegin;
  try {
    d->H.assign((M + 1) * M, 0);
    d->R.assign((M + 1) * M, 0);
    d->B.assign(K * M + 1, 0);
    d->cs.assign(M, 0);
    d->sn.assign(M, 0);
    d->g.assign(M + 1, 0);
    d->y.assign(M + K + 1, 0);
    d->c.assign(K + 1, 0);
    d->h.assign(K + M + 2, 0);
    d->h2.assign(K + M + 2, 0);
    d->CU.resize(K * K + 1); // keeps C^T U when only m changes
    d->VU.assign((M + 1) * K + 1, 0);
    d->unorm.resize(K + 1);
    d->G.assign((M + 1) * M, 0);
    d->W.assign((M + 1) * M, 0);
    d->Ae.assign(M * M, 0);
    d->Be.assign(M * M, 0);
    d->Gqr.assign((M + 1) * M, 0);
    d->tau.assign(M, 0);
    d->VR.assign(M * M, 0);
    d->alphar.assign(M, 0);
    d->alphai.assign(M, 0);
    d->beta.assign(M, 0);
    d->P.assign(M * (K + 1), 0);
    d->GP.assign((M + 1) * (K + 1), 0);
    d->Q.assign((M + 1) * (K + 1), 0);
    d->Rq.assign((K + 1) * (K + 1), 0);
    d->MU.assign(M * (K + 1), 0);
    d->T.assign((M + 1) * (K + 1), 0);
    d->CUn.assign((K + 1) * (K + 1), 0);
    d->mag.assign(M, 0);
    d->order.assign(M, 0);
    d->keep.assign(K + 1, 0);
    d->cvlist.assign(K + M + 2, nullptr);
    d->uvlist.assign(K + M + 2, nullptr);
    d->xptr.assign(K + M + 3, nullptr);
    d->yptr.assign(K + 2, nullptr);
    d->kbuf.assign(std::max((M + 1) * (K + 1), K + M + 3), 0);
    d->pacc.assign(kMaxSimdWidth * (K + M + 2), 0);
    // Workspace queries for the largest harmonic Ritz problem (p = M, M + 1
    // rows): QR, applying its Q, dgeev, and the dggev fallback.
    PetscBLASInt rows;
    PetscScalar q[4] = {};
    PetscCall(PetscBLASIntCast(d->m, &n));
    PetscCall(PetscBLASIntCast(d->m + 1, &rows));
    LAPACKgeqrf_(&rows, &n, d->Gqr.data(), &rows, d->tau.data(), &q[0], &lwork, &info);
    LAPACKormqr_("L", "T", &rows, &n, &n, d->Gqr.data(), &rows, d->tau.data(), d->W.data(), &rows,
                 &q[1], &lwork, &info);
    LAPACKgeev_("N", "V", &n, d->W.data(), &rows, d->alphar.data(), d->alphai.data(), &dummy, &one,
                d->VR.data(), &n, &q[2], &lwork, &info);
    dggev_("N", "V", &n, d->Ae.data(), &n, d->Be.data(), &n, d->alphar.data(), d->alphai.data(),
           d->beta.data(), &dummy, &one, d->VR.data(), &n, &q[3], &lwork, &info);
    query = *std::max_element(q, q + 4);
    d->work.assign(std::max<std::size_t>(static_cast<std::size_t>(query), 8 * M + 16), 0);
  } catch (const std::bad_alloc&) {
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_MEM, "KSPGCRODR: out of memory for m=%" PetscInt_FMT, d->m);
  }
  PetscFunctionReturn(0);
}

} // namespace

PetscErrorCode ensure_setup(KSP ksp) {
  Data* d = data_of(ksp);
  Mat A;
  PetscInt ln, gn;

  PetscFunctionBegin;
  PetscCheck(d->m >= 1 && d->k >= 0 && d->k < d->m, PetscObjectComm((PetscObject)ksp),
             PETSC_ERR_ARG_OUTOFRANGE,
             "KSPGCRODR needs 0 <= recycle k < restart m, got m=%" PetscInt_FMT " k=%" PetscInt_FMT,
             d->m, d->k);
  PetscCall(KSPGetOperators(ksp, &A, nullptr));
  PetscCall(MatGetLocalSize(A, nullptr, &ln));
  PetscCall(MatGetSize(A, nullptr, &gn));
  if (ln != d->local_n || gn != d->global_n) {
    PetscCall(destroy_all(d)); // a recycled space of another size is useless
    d->local_n = ln;
    d->global_n = gn;
  }
  if (d->alloc_k != d->k) {
    d->kc = 0;
    PetscCall(create_vecs(ksp, d->k, d->U));
    PetscCall(create_vecs(ksp, d->k, d->C));
    PetscCall(create_vecs(ksp, d->k, d->U2));
    PetscCall(create_vecs(ksp, d->k, d->C2));
  }
  if (d->alloc_m != d->m) PetscCall(create_vecs(ksp, d->m + 1, d->V));
  if (!d->r)
    for (Vec* x : {&d->r, &d->t, &d->w1, &d->w2})
      PetscCall(create_aligned_vec(d, PetscObjectComm((PetscObject)ksp), x));
  if (d->alloc_m != d->m || d->alloc_k != d->k) {
    PetscCall(resize_dense(d));
    d->alloc_m = d->m;
    d->alloc_k = d->k;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode ensure_z_storage(KSP ksp) {
  Data* d = data_of(ksp);

  PetscFunctionBegin;
  if (d->Z.size() != static_cast<std::size_t>(d->k)) {
    PetscCall(create_vecs(ksp, d->k, d->Z));
    PetscCall(create_vecs(ksp, d->k, d->Z2));
    d->z_valid = false;
  }
  if (d->Zv.size() != static_cast<std::size_t>(d->m)) PetscCall(create_vecs(ksp, d->m, d->Zv));
  PetscFunctionReturn(0);
}

namespace {

const char* const target_names[] = {"smallest", "largest", "KSPGCRODRTarget", "KSPGCRODR_TARGET_",
                                    nullptr};
const char* const orthog_names[] = {"cgs", "mgs", "KSPGCRODROrthog", "KSPGCRODR_ORTHOG_", nullptr};
const char* const refine_names[] = {"never",           "ifneeded",          "always",
                                    "KSPGCRODRRefine", "KSPGCRODR_REFINE_", nullptr};

PetscErrorCode KSPSetUp_GCRODR(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(ensure_setup(ksp));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPReset_GCRODR(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(destroy_all(data_of(ksp)));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPDestroy_GCRODR(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(KSPReset_GCRODR(ksp));
  delete data_of(ksp);
  ksp->data = nullptr;
  for (const char* name :
       {"KSPGCRODRSetRestart_C", "KSPGCRODRGetRestart_C", "KSPGCRODRSetRecycle_C",
        "KSPGCRODRGetRecycle_C", "KSPGCRODRSetRecycleTarget_C", "KSPGCRODRSetOrthogonalization_C",
        "KSPGCRODRSetCGSRefinement_C", "KSPGCRODRSetUpdateEvery_C", "KSPGCRODRReset_C",
        "KSPGCRODRGetRecycledDimension_C"})
    PetscCall(PetscObjectComposeFunction((PetscObject)ksp, name, nullptr));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPView_GCRODR(KSP ksp, PetscViewer viewer) {
  Data* d = data_of(ksp);
  PetscBool ascii, string;
  const char* orthog = d->orthog == KSPGCRODR_ORTHOG_MGS ? "modified Gram-Schmidt"
                       : d->refine == KSPGCRODR_REFINE_ALWAYS
                           ? "classical Gram-Schmidt with one refinement"
                       : d->refine == KSPGCRODR_REFINE_IFNEEDED
                           ? "classical Gram-Schmidt with one refinement if needed"
                           : "classical Gram-Schmidt without refinement";

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERSTRING, &string));
  if (ascii) {
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "  GCRO-DR(m=%" PetscInt_FMT ", k=%" PetscInt_FMT
                                     "): recycle target %s harmonic Ritz, %s\n",
                                     d->m, d->k, target_names[d->target], orthog));
    if (d->update_every > 0)
      PetscCall(PetscViewerASCIIPrintf(
          viewer,
          "  recycled space updated after cycle 1 and every %" PetscInt_FMT " cycles after it\n",
          d->update_every));
    else
      PetscCall(PetscViewerASCIIPrintf(
          viewer, "  recycled space updated after the first cycle of each solve\n"));
    PetscCall(
        PetscViewerASCIIPrintf(viewer, "  current recycled dimension %" PetscInt_FMT "\n", d->kc));
    if (d->keep_z)
      PetscCall(PetscViewerASCIIPrintf(
          viewer, "  flexible form: Z = M^-1 U kept, a new operator costs C = A Z only\n"));
    if (d->adaptive)
      PetscCall(PetscViewerASCIIPrintf(
          viewer, "  adaptive: %s the recycled space (last s/solve: %g with, %g without)\n",
          d->adapt.recycling ? "using" : "leaving aside", d->adapt.mean[1], d->adapt.mean[0]));
  } else if (string) {
    PetscCall(PetscViewerStringSPrintf(viewer,
                                       " GCRO-DR(m=%" PetscInt_FMT ", k=%" PetscInt_FMT
                                       ") target %s, %s, recycled dimension %" PetscInt_FMT,
                                       d->m, d->k, target_names[d->target], orthog, d->kc));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode SetRestart(KSP ksp, PetscInt m) {
  PetscFunctionBegin;
  PetscCheck(m >= 1, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_OUTOFRANGE,
             "KSPGCRODR restart must be >= 1, got %" PetscInt_FMT, m);
  data_of(ksp)->m = m;
  PetscFunctionReturn(0);
}
PetscErrorCode GetRestart(KSP ksp, PetscInt* m) {
  PetscFunctionBegin;
  *m = data_of(ksp)->m;
  PetscFunctionReturn(0);
}
PetscErrorCode SetRecycle(KSP ksp, PetscInt k) {
  PetscFunctionBegin;
  PetscCheck(k >= 0, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_OUTOFRANGE,
             "KSPGCRODR recycle must be >= 0, got %" PetscInt_FMT, k);
  data_of(ksp)->k = k;
  PetscFunctionReturn(0);
}
PetscErrorCode GetRecycle(KSP ksp, PetscInt* k) {
  PetscFunctionBegin;
  *k = data_of(ksp)->k;
  PetscFunctionReturn(0);
}
PetscErrorCode SetTarget(KSP ksp, KSPGCRODRTarget target) {
  PetscFunctionBegin;
  data_of(ksp)->target = target;
  PetscFunctionReturn(0);
}
PetscErrorCode SetOrthog(KSP ksp, KSPGCRODROrthog orthog) {
  PetscFunctionBegin;
  data_of(ksp)->orthog = orthog;
  PetscFunctionReturn(0);
}
PetscErrorCode SetRefine(KSP ksp, KSPGCRODRRefine refine) {
  PetscFunctionBegin;
  data_of(ksp)->refine = refine;
  PetscFunctionReturn(0);
}
PetscErrorCode SetUpdateEvery(KSP ksp, PetscInt c) {
  PetscFunctionBegin;
  PetscCheck(c >= 0, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_OUTOFRANGE,
             "KSPGCRODR update cadence must be >= 0, got %" PetscInt_FMT, c);
  data_of(ksp)->update_every = c;
  PetscFunctionReturn(0);
}
PetscErrorCode SetAdaptive(KSP ksp, PetscBool adaptive) {
  PetscFunctionBegin;
  data_of(ksp)->adaptive = adaptive;
  PetscFunctionReturn(0);
}
PetscErrorCode ResetSpace(KSP ksp) {
  PetscFunctionBegin;
  data_of(ksp)->kc = 0;
  PetscFunctionReturn(0);
}
PetscErrorCode GetDim(KSP ksp, PetscInt* dim) {
  PetscFunctionBegin;
  *dim = data_of(ksp)->kc;
  PetscFunctionReturn(0);
}

PetscErrorCode KSPSetFromOptions_GCRODR(KSP ksp, PetscOptionItems* PetscOptionsObject) {
  Data* d = data_of(ksp);
  PetscInt ival;
  PetscBool flg, reset = PETSC_FALSE;
  // Choices read as list indices (PetscOptionsEList): storing 2 in a
  // PetscEnum, whose only enumerator is 0, is undefined behaviour in C++.
  PetscInt choice = 0;

  PetscFunctionBegin;
  PetscOptionsHeadBegin(PetscOptionsObject, "KSP GCRO-DR options");
  PetscCall(PetscOptionsInt("-ksp_gcrodr_restart", "Dimension m of the augmented search space",
                            "KSPGCRODRSetRestart", d->m, &ival, &flg));
  if (flg) PetscCall(SetRestart(ksp, ival));
  PetscCall(PetscOptionsInt("-ksp_gcrodr_recycle", "Number k of recycled vectors",
                            "KSPGCRODRSetRecycle", d->k, &ival, &flg));
  if (flg) PetscCall(SetRecycle(ksp, ival));
  PetscCall(PetscOptionsEList("-ksp_gcrodr_recycle_target", "Harmonic Ritz vectors to keep",
                              "KSPGCRODRSetRecycleTarget", target_names, 2, target_names[d->target],
                              &choice, &flg));
  if (flg) d->target = (KSPGCRODRTarget)choice;
  PetscCall(PetscOptionsEList("-ksp_gcrodr_orthog", "Gram-Schmidt variant",
                              "KSPGCRODRSetOrthogonalization", orthog_names, 2,
                              orthog_names[d->orthog], &choice, &flg));
  if (flg) d->orthog = (KSPGCRODROrthog)choice;
  PetscCall(PetscOptionsEList(
      "-ksp_gcrodr_cgs_refinement", "When CGS refines (never|ifneeded|always)",
      "KSPGCRODRSetCGSRefinement", refine_names, 3, refine_names[d->refine], &choice, &flg));
  if (flg) d->refine = (KSPGCRODRRefine)choice;
  PetscCall(PetscOptionsBool("-ksp_gcrodr_petsc_orth",
                             "CGS with VecMDot/VecMAXPY/VecNorm instead of the blocked kernels",
                             "KSPSetFromOptions", d->petsc_orth, &d->petsc_orth, nullptr));
  PetscCall(PetscOptionsInt(
      "-ksp_gcrodr_update_every",
      "Update the recycled space after cycle 1 and every c cycles after it (0: cycle 1 only)",
      "KSPGCRODRSetUpdateEvery", d->update_every, &ival, &flg));
  if (flg) PetscCall(SetUpdateEvery(ksp, ival));
  PetscCall(PetscOptionsBool("-ksp_gcrodr_adaptive",
                             "Time solves with and without the recycled space; use the faster",
                             "KSPGCRODRSetAdaptive", d->adaptive, &d->adaptive, nullptr));
  PetscCall(PetscOptionsBool("-ksp_gcrodr_reset", "Forget the recycled space before the next solve",
                             "KSPGCRODRReset", reset, &reset, &flg));
  if (flg && reset) PetscCall(ResetSpace(ksp));
  PetscOptionsHeadEnd();
  PetscFunctionReturn(0);
}

} // namespace
} // namespace skr::gcrodr

using namespace skr::gcrodr;

PetscErrorCode KSPCreate_GCRODR(KSP ksp) {
  PetscFunctionBegin;
  Data* d = new (std::nothrow) Data();
  PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_MEM, "KSPGCRODR: out of memory");
  ksp->data = d;
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_UNPRECONDITIONED, PC_RIGHT, 3));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_PRECONDITIONED, PC_LEFT, 2));
  ksp->ops->setup = KSPSetUp_GCRODR;
  ksp->ops->solve = KSPSolve_GCRODR;
  ksp->ops->reset = KSPReset_GCRODR;
  ksp->ops->destroy = KSPDestroy_GCRODR;
  ksp->ops->view = KSPView_GCRODR;
  ksp->ops->setfromoptions = KSPSetFromOptions_GCRODR;
  ksp->ops->buildsolution = KSPBuildSolutionDefault;
  ksp->ops->buildresidual = KSPBuildResidualDefault;
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetRestart_C", SetRestart));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRGetRestart_C", GetRestart));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetRecycle_C", SetRecycle));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRGetRecycle_C", GetRecycle));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetRecycleTarget_C", SetTarget));
  PetscCall(
      PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetOrthogonalization_C", SetOrthog));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetCGSRefinement_C", SetRefine));
  PetscCall(
      PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetUpdateEvery_C", SetUpdateEvery));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRReset_C", ResetSpace));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRSetAdaptive_C", SetAdaptive));
  PetscCall(
      PetscObjectComposeFunction((PetscObject)ksp, "KSPGCRODRGetRecycledDimension_C", GetDim));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetRestart(KSP ksp, PetscInt m) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetRestart_C", (KSP, PetscInt), (ksp, m));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRGetRestart(KSP ksp, PetscInt* m) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscUseMethod(ksp, "KSPGCRODRGetRestart_C", (KSP, PetscInt*), (ksp, m));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetRecycle(KSP ksp, PetscInt k) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetRecycle_C", (KSP, PetscInt), (ksp, k));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRGetRecycle(KSP ksp, PetscInt* k) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscUseMethod(ksp, "KSPGCRODRGetRecycle_C", (KSP, PetscInt*), (ksp, k));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetRecycleTarget(KSP ksp, KSPGCRODRTarget target) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetRecycleTarget_C", (KSP, KSPGCRODRTarget), (ksp, target));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetOrthogonalization(KSP ksp, KSPGCRODROrthog orthog) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetOrthogonalization_C", (KSP, KSPGCRODROrthog), (ksp, orthog));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetCGSRefinement(KSP ksp, KSPGCRODRRefine refine) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetCGSRefinement_C", (KSP, KSPGCRODRRefine), (ksp, refine));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetUpdateEvery(KSP ksp, PetscInt c) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetUpdateEvery_C", (KSP, PetscInt), (ksp, c));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRSetAdaptive(KSP ksp, PetscBool adaptive) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRSetAdaptive_C", (KSP, PetscBool), (ksp, adaptive));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRReset(KSP ksp) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPGCRODRReset_C", (KSP), (ksp));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRGetRecycledDimension(KSP ksp, PetscInt* dim) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscUseMethod(ksp, "KSPGCRODRGetRecycledDimension_C", (KSP, PetscInt*), (ksp, dim));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPGCRODRGetWorkSize(PetscInt m, PetscInt k, PetscBool flexible,
                                    PetscInt* vectors, PetscReal* scalars) {
  PetscFunctionBegin;
  // ensure_setup: V, U, C, U2, C2, r, t, w1, w2; ensure_z_storage: Z, Z2, Zv.
  if (vectors) *vectors = m + 1 + 4 * k + 4 + (flexible && k > 0 ? m + 2 * k : 0);
  // resize_dense: H, R, G, W and the QR copy ((m+1) m each), Ae, Be, VR (m^2
  // each), and the (m+1) x (k+1) blocks P, GP, Q, MU, T, VU.
  const PetscReal M = m, K = k;
  if (scalars) *scalars = 5 * (M + 1) * M + 3 * M * M + 6 * (M + 1) * (K + 1);
  PetscFunctionReturn(0);
}
