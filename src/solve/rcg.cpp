// KSPRCG lifecycle: create/destroy/reset, options, view, setters and the
// allocation of every work vector and dense array (done once, redone only when
// k, s or the vector layout change).
#include "solve/rcg_impl.hpp"

#include <algorithm>
#include <new>

namespace skr::rcg {

PetscErrorCode KSPSolve_RCG(KSP ksp); // rcg_solve.cpp

namespace {

PetscErrorCode destroy_vecs(std::vector<Vec>& v) {
  PetscFunctionBegin;
  for (Vec& x : v) PetscCall(VecDestroy(&x));
  v.clear();
  PetscFunctionReturn(0);
}

PetscErrorCode create_vecs(KSP ksp, PetscInt n, std::vector<Vec>& v) {
  Vec* raw = nullptr;

  PetscFunctionBegin;
  PetscCall(destroy_vecs(v));
  if (n > 0) {
    PetscCall(KSPCreateVecs(ksp, n, &raw, 0, nullptr));
    v.assign(raw, raw + n);
    PetscCall(PetscFree(raw));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode destroy_all(Data* d) {
  PetscFunctionBegin;
  for (auto* v : {&d->W, &d->W2, &d->AW, &d->Z, &d->P}) PetscCall(destroy_vecs(*v));
  for (Vec* x : {&d->r, &d->z, &d->p, &d->q}) PetscCall(VecDestroy(x));
  d->alloc_k = d->alloc_s = -1;
  d->local_n = d->global_n = -1;
  d->kc = d->kt = 0;
  d->aw_valid = false;
  PetscFunctionReturn(0);
}

} // namespace

PetscErrorCode ensure_setup(KSP ksp) {
  Data* d = data_of(ksp);
  Mat A;
  PetscInt ln, gn;
  const PetscInt s = collect_of(d);

  PetscFunctionBegin;
  PetscCall(KSPGetOperators(ksp, &A, nullptr));
  PetscCall(MatGetLocalSize(A, nullptr, &ln));
  PetscCall(MatGetSize(A, nullptr, &gn));
  if (ln != d->local_n || gn != d->global_n) {
    PetscCall(destroy_all(d)); // a recycled space of another size is useless
    d->local_n = ln;
    d->global_n = gn;
  }
  if (!d->r) {
    std::vector<Vec> tmp;
    PetscCall(create_vecs(ksp, 4, tmp));
    d->r = tmp[0];
    d->z = tmp[1];
    d->p = tmp[2];
    d->q = tmp[3];
  }
  if (d->alloc_k != d->k) {
    d->kc = d->kt = 0;
    d->aw_valid = false;
    for (auto* v : {&d->W, &d->W2, &d->AW, &d->Z}) PetscCall(create_vecs(ksp, d->k, *v));
  }
  if (d->alloc_s != s) PetscCall(create_vecs(ksp, s, d->P));
  if (d->alloc_k != d->k || d->alloc_s != s) {
    const std::size_t K = d->k, S = s, M = K + S;
    try {
      d->E.assign(K * K + 1, 0);
      d->Einv.assign(K * K + 1, 0);
      d->T.assign(K * K + 1, 0);
      d->evals.assign(M + 1, 0);
      d->work.assign(3 * M * M + 16 * M + 16, 0);
      d->g.assign(K + 1, 0);
      d->mu.assign(K + 1, 0);
      d->alpha.assign(S + 1, 0);
      d->rho.assign(S + 2, 0);
      d->C.assign((K + 1) * (S + 2), 0);
      d->F.assign(M * M + 1, 0);
      d->ritz.assign(M + 1, 0);
      d->coef.assign(M * K + 1, 0);
      d->xptr.assign(M + 1, nullptr);
      d->yptr.assign(K + 1, nullptr);
      d->awr.assign(K + 1, nullptr);
      d->wp.assign(M + 1, nullptr);
    } catch (const std::bad_alloc&) {
      SETERRQ(PETSC_COMM_SELF, PETSC_ERR_MEM, "KSPRCG: out of memory for k=%" PetscInt_FMT, d->k);
    }
    d->alloc_k = d->k;
    d->alloc_s = s;
  }
  PetscFunctionReturn(0);
}

namespace {

PetscErrorCode KSPSetUp_RCG(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(ensure_setup(ksp));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPReset_RCG(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(destroy_all(data_of(ksp)));
  PetscFunctionReturn(0);
}

const char* const fnames[] = {"KSPRCGSetRecycle_C",           "KSPRCGGetRecycle_C",
                              "KSPRCGSetCollect_C",           "KSPRCGReset_C",
                              "KSPRCGGetRecycledDimension_C", "KSPRCGSetUpdateEvery_C"};

PetscErrorCode KSPDestroy_RCG(KSP ksp) {
  PetscFunctionBegin;
  PetscCall(KSPReset_RCG(ksp));
  delete data_of(ksp);
  ksp->data = nullptr;
  for (const char* name : fnames)
    PetscCall(PetscObjectComposeFunction((PetscObject)ksp, name, nullptr));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPView_RCG(KSP ksp, PetscViewer viewer) {
  Data* d = data_of(ksp);
  PetscBool ascii, string;

  PetscFunctionBegin;
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERASCII, &ascii));
  PetscCall(PetscObjectTypeCompare((PetscObject)viewer, PETSCVIEWERSTRING, &string));
  if (ascii) {
    PetscCall(PetscViewerASCIIPrintf(viewer,
                                     "  deflated/recycling CG: k=%" PetscInt_FMT
                                     " recycled vectors, Ritz update from %" PetscInt_FMT
                                     " directions every %" PetscInt_FMT " solves\n",
                                     d->k, collect_of(d), d->update_every));
    PetscCall(
        PetscViewerASCIIPrintf(viewer, "  current recycled dimension %" PetscInt_FMT "\n", d->kc));
  } else if (string) {
    PetscCall(PetscViewerStringSPrintf(
        viewer, " RCG(k=%" PetscInt_FMT ", s=%" PetscInt_FMT ") dim %" PetscInt_FMT, d->k,
        collect_of(d), d->kc));
  }
  PetscFunctionReturn(0);
}

// Stores value >= min in *field: the shared body of the integer setters.
PetscErrorCode set_at_least(KSP ksp, PetscInt value, PetscInt min, const char* name,
                            PetscInt* field) {
  PetscFunctionBegin;
  PetscCheck(value >= min, PetscObjectComm((PetscObject)ksp), PETSC_ERR_ARG_OUTOFRANGE,
             "KSPRCG %s must be >= %" PetscInt_FMT ", got %" PetscInt_FMT, name, min, value);
  *field = value;
  PetscFunctionReturn(0);
}
PetscErrorCode SetRecycle(KSP ksp, PetscInt k) {
  return set_at_least(ksp, k, 0, "recycle", &data_of(ksp)->k);
}
PetscErrorCode GetRecycle(KSP ksp, PetscInt* k) {
  PetscFunctionBegin;
  *k = data_of(ksp)->k;
  PetscFunctionReturn(0);
}
PetscErrorCode SetCollect(KSP ksp, PetscInt s) {
  return set_at_least(ksp, s, 0, "collect", &data_of(ksp)->collect);
}
PetscErrorCode SetUpdateEvery(KSP ksp, PetscInt c) {
  return set_at_least(ksp, c, 1, "update_every", &data_of(ksp)->update_every);
}
PetscErrorCode ResetSpace(KSP ksp) {
  PetscFunctionBegin;
  data_of(ksp)->kc = 0;
  data_of(ksp)->kt = 0;
  data_of(ksp)->nsolve = 0;
  data_of(ksp)->aw_valid = false;
  PetscFunctionReturn(0);
}
PetscErrorCode GetDim(KSP ksp, PetscInt* dim) {
  PetscFunctionBegin;
  *dim = data_of(ksp)->kc;
  PetscFunctionReturn(0);
}

PetscErrorCode KSPSetFromOptions_RCG(KSP ksp, PetscOptionItems* PetscOptionsObject) {
  Data* d = data_of(ksp);
  PetscInt ival;
  PetscBool flg, reset = PETSC_FALSE;

  PetscFunctionBegin;
  PetscOptionsHeadBegin(PetscOptionsObject, "KSP RCG (recycling deflated CG) options");
  PetscCall(PetscOptionsInt("-ksp_rcg_recycle", "Dimension k of the recycled space",
                            "KSPRCGSetRecycle", d->k, &ival, &flg));
  if (flg) PetscCall(SetRecycle(ksp, ival));
  PetscCall(PetscOptionsInt("-ksp_rcg_collect",
                            "Search directions per solve used to update the space",
                            "KSPRCGSetCollect", collect_of(d), &ival, &flg));
  if (flg) PetscCall(SetCollect(ksp, ival));
  PetscCall(
      PetscOptionsInt("-ksp_rcg_deflate_its",
                      "Deflate the directions of the first max(n, collect) steps only (-1: all)",
                      "", d->deflate_its, &d->deflate_its, nullptr));
  PetscCall(PetscOptionsInt("-ksp_rcg_update_every", "Update the space after every c-th solve",
                            "KSPRCGSetUpdateEvery", d->update_every, &ival, &flg));
  if (flg) PetscCall(SetUpdateEvery(ksp, ival));
  PetscCall(PetscOptionsReal("-ksp_rcg_droptol", "Relative eigenvalue cut in W^T A W", "",
                             d->droptol, &d->droptol, nullptr));
  PetscCall(PetscOptionsBool("-ksp_rcg_reset", "Forget the recycled space before the next solve",
                             "KSPRCGReset", reset, &reset, &flg));
  if (flg && reset) PetscCall(ResetSpace(ksp));
  PetscOptionsHeadEnd();
  PetscFunctionReturn(0);
}

} // namespace
} // namespace skr::rcg

using namespace skr::rcg;

PetscErrorCode KSPCreate_RCG(KSP ksp) {
  PetscFunctionBegin;
  Data* d = new (std::nothrow) Data();
  PetscCheck(d, PETSC_COMM_SELF, PETSC_ERR_MEM, "KSPRCG: out of memory");
  ksp->data = d;
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_PRECONDITIONED, PC_LEFT, 3));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_UNPRECONDITIONED, PC_LEFT, 2));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_NATURAL, PC_LEFT, 2));
  PetscCall(KSPSetSupportedNorm(ksp, KSP_NORM_NONE, PC_LEFT, 1));
  ksp->ops->setup = KSPSetUp_RCG;
  ksp->ops->solve = KSPSolve_RCG;
  ksp->ops->reset = KSPReset_RCG;
  ksp->ops->destroy = KSPDestroy_RCG;
  ksp->ops->view = KSPView_RCG;
  ksp->ops->setfromoptions = KSPSetFromOptions_RCG;
  ksp->ops->buildsolution = KSPBuildSolutionDefault;
  ksp->ops->buildresidual = KSPBuildResidualDefault;
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[0], SetRecycle));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[1], GetRecycle));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[2], SetCollect));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[3], ResetSpace));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[4], GetDim));
  PetscCall(PetscObjectComposeFunction((PetscObject)ksp, fnames[5], SetUpdateEvery));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGSetRecycle(KSP ksp, PetscInt k) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPRCGSetRecycle_C", (KSP, PetscInt), (ksp, k));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGGetRecycle(KSP ksp, PetscInt* k) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscUseMethod(ksp, "KSPRCGGetRecycle_C", (KSP, PetscInt*), (ksp, k));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGSetCollect(KSP ksp, PetscInt s) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPRCGSetCollect_C", (KSP, PetscInt), (ksp, s));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGSetUpdateEvery(KSP ksp, PetscInt c) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPRCGSetUpdateEvery_C", (KSP, PetscInt), (ksp, c));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGReset(KSP ksp) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscTryMethod(ksp, "KSPRCGReset_C", (KSP), (ksp));
  PetscFunctionReturn(0);
}

PetscErrorCode KSPRCGGetRecycledDimension(KSP ksp, PetscInt* dim) {
  PetscFunctionBegin;
  PetscValidHeaderSpecific(ksp, KSP_CLASSID, 1);
  PetscUseMethod(ksp, "KSPRCGGetRecycledDimension_C", (KSP, PetscInt*), (ksp, dim));
  PetscFunctionReturn(0);
}
