#pragma once
// Owning handles for PETSc objects, so that an exception never leaks a Mat,
// Vec, KSP or DM: skr::Handle<Vec> v; SKR_PETSC(VecCreate(..., v.out()));
#include <petscdm.h>
#include <petscksp.h>

#include <utility>

namespace skr {

template <typename T> struct PetscDestroyer;
template <> struct PetscDestroyer<Vec> {
  static void destroy(Vec* v) { VecDestroy(v); }
};
template <> struct PetscDestroyer<Mat> {
  static void destroy(Mat* m) { MatDestroy(m); }
};
template <> struct PetscDestroyer<KSP> {
  static void destroy(KSP* k) { KSPDestroy(k); }
};
template <> struct PetscDestroyer<PC> {
  static void destroy(PC* p) { PCDestroy(p); }
};
template <> struct PetscDestroyer<DM> {
  static void destroy(DM* d) { DMDestroy(d); }
};
template <> struct PetscDestroyer<IS> {
  static void destroy(IS* i) { ISDestroy(i); }
};
template <> struct PetscDestroyer<VecScatter> {
  static void destroy(VecScatter* s) { VecScatterDestroy(s); }
};

template <typename T> class Handle {
public:
  Handle() = default;
  explicit Handle(T raw) : raw_(raw) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  operator T() const { return raw_; }
  T get() const { return raw_; }
  T* out() {
    reset();
    return &raw_;
  }
  void reset() {
    if (raw_) PetscDestroyer<T>::destroy(&raw_);
    raw_ = nullptr;
  }

private:
  T raw_ = nullptr;
};

} // namespace skr
