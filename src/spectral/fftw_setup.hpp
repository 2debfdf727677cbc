#pragma once
// FFTW set-up shared by the spectral solvers: threaded plans (libfftw3_omp)
// made under one lock. FFTW's planner is not thread-safe and its thread count
// is global state, so every plan of src/spectral is made through make_plan.
#include <fftw3.h>

#include <functional>
#include <memory>
#include <type_traits>

namespace skr {

// Destroys a plan under make_plan's lock (fftw_destroy_plan touches the planner).
struct PlanDestroyer {
  void operator()(fftw_plan plan) const;
};
using Plan = std::unique_ptr<std::remove_pointer_t<fftw_plan>, PlanDestroyer>;

// Calls FFTW's thread initialisation once per process, then runs `planner`
// with `threads` FFTW threads (restoring 1 afterwards) under a process-wide
// lock, and fails with one line if it returned no plan.
Plan make_plan(int threads, const std::function<fftw_plan()>& planner, const char* what);

} // namespace skr
