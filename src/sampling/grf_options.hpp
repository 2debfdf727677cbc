#pragma once
// A family's --alpha / --tau (or --<prefix>alpha / --<prefix>tau): the
// options of one Gaussian random field, declared and read in one place.
#include "sampling/grf.hpp"
#include "util/options.hpp"

#include <cmath>
#include <string>

namespace skr {

// `what` names the field in the help ("coefficient ", "stream-function "...);
// the defaults are the family's, as text.
void add_grf_options(po::options_description& desc, const std::string& prefix,
                     const std::string& what, const std::string& alpha, const std::string& tau);
// alpha must exceed min_alpha (the field's dimension d / 2: d = 2 unless said).
GrfParameters read_grf_options(const po::variables_map& vm, const std::string& prefix = "",
                               double min_alpha = 1.0);

// A positive coefficient kappa made from a GRF sample g, as heat and darcy-t
// draw it: lognormal (scale * exp(g)) or piecewise (high where g >= 0, low
// elsewhere), with the options --coeff, --kappa-scale, --kappa-high, --kappa-low.
struct GrfCoefficient {
  bool lognormal = true;
  double scale = 0.1, high = 1.0, low = 0.1;
  double operator()(double g) const { return lognormal ? scale * std::exp(g) : (g >= 0 ? high : low); }
};
void add_grf_coefficient_options(po::options_description& desc);
GrfCoefficient read_grf_coefficient_options(const po::variables_map& vm);

// A random initial condition scale * GRF, as the time-dependent families draw
// it: --ic-alpha, --ic-tau (`what` and the defaults as for add_grf_options)
// and --ic-scale (any finite number; scale_help says how the family uses it).
struct GrfInitialCondition {
  GrfParameters grf;
  double scale = 1.0;
};
void add_grf_initial_condition_options(po::options_description& desc, const std::string& what,
                                       const std::string& alpha, const std::string& tau,
                                       const std::string& scale, const char* scale_help);
GrfInitialCondition read_grf_initial_condition(const po::variables_map& vm);

} // namespace skr
