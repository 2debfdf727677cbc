#pragma once
// The options of a family's Gaussian random fields, as groups of an option
// table (util/option_table.hpp): each declares its options and reads them,
// checked, in one place.
#include "sampling/grf.hpp"
#include "util/options.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace skr {

// --<prefix>alpha, --<prefix>tau: one GRF's covariance (-Laplace + tau^2)^(-alpha).
// `what` names the field in the help ("coefficient ", "stream-function "...);
// the defaults are the family's, as text; alpha must exceed min_alpha (the
// field's dimension d / 2).
struct GrfOptions {
  std::string prefix, what, alpha, tau;
  double min_alpha = 1.0;
  void declare(po::options_description& desc) const;
  GrfParameters read(const po::variables_map& vm) const;
};

// A positive coefficient kappa made from a GRF sample g, as heat and darcy-t
// draw it: lognormal (scale * exp(g)) or piecewise (high where g >= 0, low
// elsewhere).
struct GrfCoefficient {
  bool lognormal = true;
  double scale = 0.1, high = 1.0, low = 0.1;
  double operator()(double g) const {
    return lognormal ? scale * std::exp(g) : (g >= 0 ? high : low);
  }
};
// --coeff, --kappa-scale, --kappa-high, --kappa-low.
struct GrfCoefficientOptions {
  void declare(po::options_description& desc) const;
  GrfCoefficient read(const po::variables_map& vm) const;
};

// A random initial condition scale * GRF, as the time-dependent families draw it.
struct GrfInitialCondition {
  GrfParameters grf;
  double scale = 1.0;
  // scale * one draw of `field` (the GRF made from grf).
  std::vector<double> draw(const GaussianRandomField& field, std::mt19937_64& rng) const {
    std::vector<double> u = field.sample(rng);
    for (double& v : u) v *= scale;
    return u;
  }
};
// --ic-alpha, --ic-tau (`what` and the defaults as for GrfOptions) and
// --ic-scale (any finite number; scale_help says how the family uses it).
struct GrfInitialConditionOptions {
  std::string what, alpha, tau, scale;
  const char* scale_help;
  void declare(po::options_description& desc) const;
  GrfInitialCondition read(const po::variables_map& vm) const;
  GrfOptions grf() const { return {"ic-", what, alpha, tau}; }
};

} // namespace skr
