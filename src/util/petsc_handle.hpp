#pragma once
// Owning handles for PETSc objects, so that an exception never leaks a Mat,
// Vec, KSP or DM: skr::Handle<Vec> v; SKR_PETSC(VecCreate(..., v.out()));
// Any PETSc object type will do: PetscObjectDestroy calls its own destroy.
#include <petscdm.h>
#include <petscksp.h>

#include <utility>

namespace skr {

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
    if (raw_) PetscObjectDestroy(reinterpret_cast<PetscObject*>(&raw_));
    raw_ = nullptr;
  }

private:
  T raw_ = nullptr;
};

} // namespace skr
