#include "spectral/fftw_setup.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <mutex>

namespace skr {

namespace {
std::mutex planner_mutex;
std::once_flag threads_initialised;
} // namespace

Plan make_plan(int threads, const std::function<fftw_plan()>& planner, const char* what) {
  std::call_once(threads_initialised, [] {
    if (!fftw_init_threads()) fail("FFTW: its thread support could not be initialised");
    // Other modules (src/sampling) plan under their own locks: make the
    // planner itself safe against them.
    fftw_make_planner_thread_safe();
  });
  std::lock_guard lock(planner_mutex);
  fftw_plan_with_nthreads(std::max(1, threads));
  const fftw_plan plan = planner();
  fftw_plan_with_nthreads(1);
  if (!plan) fail("FFTW: could not plan {}", what);
  return Plan(plan);
}

void PlanDestroyer::operator()(fftw_plan plan) const {
  std::lock_guard lock(planner_mutex);
  fftw_destroy_plan(plan);
}

} // namespace skr
