#pragma once
// The time axis of a time-dependent family (TIME_SPEC.md): the implicit
// scheme, the step, the final time and which steps are recorded.
//   --time-scheme be | cn | bdf2   backward Euler, Crank-Nicolson, BDF2
//   --dt D                         fixed step, D > 0
//   --t-final T                    a whole number of steps: S = round(T / D),
//                                  refused when |S D - T| > 1e-9 T
//   --record-every K               frames at t = j K D, j = 0..S/K (S % K == 0)
//   --step-stats step | frame | auto   /stats/steps per step, or per recorded
//                                  interval (K steps summed; auto: per step
//                                  up to 10^4 steps, so that FNO's 5*10^5-step
//                                  trajectories do not store 12 GB of statistics)
// A time-dependent family puts TimeOptions{its defaults} in its option table
// (util/option_table.hpp); steady families never declare them, so they
// refuse --dt and friends as unknown options.
#include "util/options.hpp"

#include <string>

namespace skr {

enum class TimeScheme { be, cn, bdf2 };

std::string to_string(TimeScheme scheme);
// "be" | "cn" | "bdf2", else a one-line Error naming --time-scheme.
TimeScheme parse_time_scheme(const std::string& text);

struct TimeSettings {
  TimeScheme scheme = TimeScheme::be;
  double dt = 0.01;
  double t_final = 0.5;
  int steps = 50;        // S
  int record_every = 1;  // K
  bool stats_per_step = true; // else one /stats/steps column per recorded interval
  // T = S / K + 1: frame 0 is the initial condition.
  int frames() const { return steps / record_every + 1; }
  // The time of frame j (j K dt) and of step n (n dt).
  double frame_time(int frame) const { return frame * record_every * dt; }
  double step_time(int step) const { return step * dt; }
  // Whether step n's state is a recorded frame.
  bool records(int step) const { return step % record_every == 0; }
  // The columns of /stats/steps and the steps each one sums.
  int stat_columns() const { return stats_per_step ? steps : steps / record_every; }
  int steps_per_stat_column() const { return stats_per_step ? 1 : record_every; }
};

// "step" | "frame" | "auto" (per step while there are at most
// kMaxStepStatColumns steps), else a one-line Error naming --step-stats.
constexpr int kMaxStepStatColumns = 10000;
bool stats_per_step(const std::string& text, int steps);

// Settings from the four values, with TIME_SPEC.md's checks (one-line
// Errors naming the option): dt > 0, t_final > 0 and a whole number of
// steps, record_every >= 1 dividing the number of steps.
TimeSettings make_time_settings(TimeScheme scheme, double dt, double t_final, int record_every);

// --time-scheme, --dt, --t-final, --record-every, --step-stats with a
// family's defaults; read(), the settings the user gave, checked.
struct TimeOptions {
  std::string dt, t_final, scheme = "be";
  void declare(po::options_description& desc) const;
  TimeSettings read(const po::variables_map& vm) const;
};

} // namespace skr
