#include "sampling/grf_options.hpp"

namespace skr {

void add_grf_options(po::options_description& desc, const std::string& prefix,
                     const std::string& what, const std::string& alpha, const std::string& tau) {
  const std::string alpha_help = what + "GRF smoothness: covariance (-Laplace + tau^2)^(-alpha)";
  const std::string tau_help = what + "GRF inverse length scale";
  add_option(desc, (prefix + "alpha").c_str(), alpha, alpha_help.c_str());
  add_option(desc, (prefix + "tau").c_str(), tau, tau_help.c_str());
}

GrfParameters read_grf_options(const po::variables_map& vm, const std::string& prefix,
                               double min_alpha) {
  GrfParameters grf;
  grf.alpha = get_double_in(vm, prefix + "alpha", min_alpha + 1e-9, 100);
  grf.tau = get_double_in(vm, prefix + "tau", 1e-9, 1e6);
  return grf;
}

} // namespace skr
