#include "discretize/time_settings.hpp"

#include "util/error.hpp"

#include <cmath>
#include <limits>

namespace skr {

std::string to_string(TimeScheme scheme) {
  switch (scheme) {
  case TimeScheme::be: return "be";
  case TimeScheme::cn: return "cn";
  case TimeScheme::bdf2: return "bdf2";
  }
  return "be";
}

TimeScheme parse_time_scheme(const std::string& text) {
  if (text == "be") return TimeScheme::be;
  if (text == "cn") return TimeScheme::cn;
  if (text == "bdf2") return TimeScheme::bdf2;
  fail("--time-scheme: '{}' is not be, cn or bdf2", text);
}

TimeSettings make_time_settings(TimeScheme scheme, double dt, double t_final, int record_every) {
  if (!(dt > 0) || !std::isfinite(dt)) fail("--dt {}: must be a number > 0", dt);
  if (!(t_final > 0) || !std::isfinite(t_final)) fail("--t-final {}: must be a number > 0", t_final);
  if (record_every < 1) fail("--record-every {}: must be >= 1", record_every);
  const double ratio = std::round(t_final / dt);
  if (ratio < 1 || ratio > std::numeric_limits<int>::max())
    fail("--t-final {} / --dt {}: needs between 1 and {} steps", t_final, dt,
         std::numeric_limits<int>::max());
  const int steps = static_cast<int>(ratio);
  if (std::abs(steps * dt - t_final) > 1e-9 * t_final)
    fail("--t-final {} is not a whole number of --dt {} steps (nearest: {} steps = {})", t_final, dt,
         steps, steps * dt);
  if (steps % record_every != 0)
    fail("--record-every {}: must divide the {} time steps (--t-final / --dt)", record_every, steps);
  TimeSettings s;
  s.scheme = scheme;
  s.dt = dt;
  s.t_final = t_final;
  s.steps = steps;
  s.record_every = record_every;
  return s;
}

bool stats_per_step(const std::string& text, int steps) {
  if (text == "step") return true;
  if (text == "frame") return false;
  if (text == "auto") return steps <= kMaxStepStatColumns;
  fail("--step-stats: '{}' is not step, frame or auto", text);
}

void TimeOptions::declare(po::options_description& family) const {
  po::options_description desc("time stepping");
  add_option(desc, "time-scheme", scheme,
             "implicit scheme: be (backward Euler) | cn (Crank-Nicolson) | bdf2");
  add_option(desc, "dt", dt, "time step (> 0)");
  add_option(desc, "t-final", t_final, "final time, a whole number of --dt steps");
  add_option(desc, "record-every", "1",
             "store every K-th step as a frame (frame 0 = initial condition; K divides the steps)");
  add_option(desc, "step-stats", "auto",
             "/stats/steps per time step (step) or summed per recorded interval (frame); auto: "
             "per step up to 10000 steps");
  family.add(desc);
}

TimeSettings TimeOptions::read(const po::variables_map& vm) const {
  TimeSettings s = make_time_settings(parse_time_scheme(get_string(vm, "time-scheme")),
                                      get_double(vm, "dt"), get_double(vm, "t-final"),
                                      get_int_as<int>(vm, "record-every", 1));
  s.stats_per_step = stats_per_step(get_string(vm, "step-stats"), s.steps);
  return s;
}

} // namespace skr
