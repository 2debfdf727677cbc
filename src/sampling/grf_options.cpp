#include "sampling/grf_options.hpp"

#include "util/choice.hpp"
#include "util/error.hpp"

namespace skr {

void GrfOptions::declare(po::options_description& desc) const {
  const std::string alpha_help = what + "GRF smoothness: covariance (-Laplace + tau^2)^(-alpha)";
  const std::string tau_help = what + "GRF inverse length scale";
  add_option(desc, (prefix + "alpha").c_str(), alpha, alpha_help.c_str());
  add_option(desc, (prefix + "tau").c_str(), tau, tau_help.c_str());
}

GrfParameters GrfOptions::read(const po::variables_map& vm) const {
  GrfParameters grf;
  grf.alpha = get_double_in(vm, prefix + "alpha", min_alpha + 1e-9, 100);
  grf.tau = get_double_in(vm, prefix + "tau", 1e-9, 1e6);
  return grf;
}

void GrfCoefficientOptions::declare(po::options_description& desc) const {
  add_option(desc, "coeff", "lognormal",
             "kappa: lognormal (kappa-scale * exp(GRF)) | piecewise (GRF thresholded at 0)");
  add_option(desc, "kappa-scale", "0.1", "lognormal: kappa = kappa-scale * exp(GRF)");
  add_option(desc, "kappa-high", "1", "piecewise: kappa where the GRF is >= 0");
  add_option(desc, "kappa-low", "0.1", "piecewise: kappa where the GRF is < 0");
}

GrfCoefficient GrfCoefficientOptions::read(const po::variables_map& vm) const {
  GrfCoefficient kappa;
  kappa.lognormal = get_choice<bool>(vm, "coeff", {{"piecewise", false}, {"lognormal", true}});
  kappa.scale = get_double_in(vm, "kappa-scale", 1e-300, 1e300);
  kappa.high = get_double_in(vm, "kappa-high", 1e-300, 1e300);
  kappa.low = get_double_in(vm, "kappa-low", 1e-300, 1e300);
  return kappa;
}

void GrfInitialConditionOptions::declare(po::options_description& desc) const {
  grf().declare(desc);
  add_option(desc, "ic-scale", scale, scale_help);
}

GrfInitialCondition GrfInitialConditionOptions::read(const po::variables_map& vm) const {
  return {grf().read(vm), get_double(vm, "ic-scale")};
}

} // namespace skr
