#pragma once
// An array from fftw_malloc (aligned for FFTW's SIMD code), freed by
// fftw_free when it goes out of scope.
#include "util/error.hpp"

#include <fftw3.h>

#include <cstddef>
#include <memory>

namespace skr {

struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
template <typename T> using FftwArray = std::unique_ptr<T[], FftwFree>;

// `count` values of T; `what` names the caller in the out-of-memory error.
template <typename T> FftwArray<T> fftw_array(std::size_t count, const char* what) {
  auto* p = static_cast<T*>(fftw_malloc(sizeof(T) * count));
  if (!p) fail("{}: out of memory for {} FFT values", what, count);
  return FftwArray<T>(p);
}

} // namespace skr
