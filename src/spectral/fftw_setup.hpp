#pragma once
// FFTW set-up shared by the spectral solvers: threaded plans (libfftw3_omp)
// made under one lock. FFTW's planner is not thread-safe and its thread count
// is global state, so every plan of src/spectral is made through make_plan.
#include <fftw3.h>

#include <functional>

namespace skr {

// Calls FFTW's thread initialisation once per process, then runs `planner`
// with `threads` FFTW threads (restoring 1 afterwards) under a process-wide
// lock, and fails with one line if it returned no plan.
fftw_plan make_plan(int threads, const std::function<fftw_plan()>& planner, const char* what);

// Destroys a plan under the same lock (fftw_destroy_plan touches the planner).
void destroy_plan(fftw_plan plan);

} // namespace skr
