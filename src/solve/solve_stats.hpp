#pragma once
// What one solve of a sequence reports, per sample: stored under /stats.

namespace skr {

struct SolveStats {
  int fallback = 0; // 0: first attempt, 1: after a recycle-space reset, 2: direct solve
  int iterations = 0;
  double rel_residual = 0;
  double solve_seconds = 0;
  bool converged = false;
  int reason = 0; // PETSc KSPConvergedReason
  long long solve_position = -1;
};

} // namespace skr
