// -ksp_gcrodr_adaptive: which solves use the recycled space (gcrodr_impl.hpp).
#include "solve/gcrodr_impl.hpp"

namespace skr::gcrodr {

namespace {
// Short probes: a wrong choice between two arms of similar cost costs
// little, and two arms of very different cost tell apart in two solves.
constexpr int kProbe = 2;        // solves that measure the arm not running
constexpr int kFirstStretch = 16;
constexpr int kLongestStretch = 1024;
constexpr double kClearWin = 2;  // the loser took 2x as long: stretch grows 4x
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
  const bool clear = a.mean[!winner] >= kClearWin * a.mean[winner];
  const int growth = clear ? 4 : 2;
  a.stretch = winner == a.winner ? std::min(growth * a.stretch, kLongestStretch)
                                 : (clear ? 2 : 1) * kFirstStretch;
  a.winner = winner;
  a.recycling = winner;
  a.probing = false;
  a.left = a.stretch;
}

} // namespace skr::gcrodr
