// -ksp_gcrodr_adaptive: which solves use the recycled space (gcrodr_impl.hpp).
#include "solve/gcrodr_impl.hpp"

namespace skr::gcrodr {

namespace {
constexpr int kProbe = 3;        // solves that measure the arm not running
constexpr int kFirstStretch = 16;
constexpr int kLongestStretch = 1024;
} // namespace

void adaptive_record(Adaptive& a, double seconds) {
  if (a.solves++ == 0) return; // the first solve sets up storage and has no space yet
  a.sum += seconds;
  ++a.count;
  if (--a.left > 0) return;
  a.mean[a.recycling] = a.sum / a.count;
  a.sum = 0;
  a.count = 0;
  if (a.mean[!a.recycling] < 0) { // the other arm is unmeasured yet: measure it
    a.recycling = !a.recycling;
    a.left = kProbe;
    return;
  }
  if (!a.probing) { // the winner ran its stretch: probe the other arm
    a.recycling = !a.recycling;
    a.probing = true;
    a.left = kProbe;
    return;
  }
  // A probe ended: run the faster arm, longer each time the same one wins.
  const bool winner = a.mean[1] <= a.mean[0];
  a.stretch = winner == a.winner ? std::min(2 * a.stretch, kLongestStretch) : kFirstStretch;
  a.winner = winner;
  a.recycling = winner;
  a.probing = false;
  a.left = a.stretch;
}

} // namespace skr::gcrodr
