#pragma once
// skr-gen bench on a time-dependent family: every method solves the same
// sorted trajectories, trajectory by trajectory side by side (each method
// with its own stepper, solver and iterate), and the rows report means per
// time step. Methods:
//   direct        LU / Cholesky refactored at every step (FEniCS-style peers)
//   direct+once   the same, factored once per trajectory where the operator
//                 is fixed in time (the stepper leaves A untouched)
//   gmres, bcgs, cg   with each --pc, extrapolated warm start
//   cg+hypre, cg+gamg   AMG hierarchy rebuilt every --pc-reuse steps
//   gcrodr, gcrodr+reusepc, gcrodr+warm, gcrodr+warm+reusepc: warm start
//                 always on (the extrapolation), PC rebuilt every --pc-reuse
//   auto          generate's choice (pilot on first-step systems, charged)
#include "discretize/time_problem.hpp"
#include "pipeline/bench.hpp"

#include <vector>

namespace skr {

std::vector<BenchRow> run_time_bench(const TimeProblem& problem, const BenchConfig& config,
                                     bool progress);

} // namespace skr
