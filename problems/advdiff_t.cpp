// advdiff-t: time-dependent advection-diffusion, a trajectory per sample
//   u_t + b(x, t) . grad(u) = eps Laplace(u) + f  on the unit square,  u = 0 on the boundary,
// with a divergence-free velocity that turns in time,
//   b = curl(psi) = (d psi/dy, -d psi/dx),  psi(x, t) = cos(omega t) psi_1(x) + sin(omega t) psi_2(x),
// psi_1, psi_2 independent Gaussian random fields (covariance (-Laplace + tau^2)^(-alpha)),
// each scaled so that max |curl psi_i| = Pe eps (L = 1): the Peclet number of
// --peclet holds at t = 0 and every quarter period, and |b| <= sqrt(2) Pe eps always.
// omega = 2 pi / --period. The initial condition u0 is a smooth GRF (--ic-*).
//
// Discretization: advdiff's cell-centred finite volumes
// (src/discretize/convection_diffusion_fv.hpp, --scheme sg | upwind) give
// L(t) u = -eps Laplace(u) + div(b(t) u) (= b . grad u, the face velocities being
// exactly divergence-free at every t, as curl is linear), stepped by the generic
// implicit stepper (src/discretize/time_stepper.hpp: --time-scheme be | cn | bdf2),
// both terms implicit: every step's matrix I + c dt L(t) is non-symmetric and new.
// Temporal orders are tested against manufactured space-time solutions
// (tests/problems/time_families_test.cpp).
// Stored: /inputs/stream_cos, /inputs/stream_sin (psi_1, psi_2 scaled, at the
// cell centres: with omega they fix b at every t), /inputs/u0;
// /outputs/solution [N, T, nx, ny]. f = --source (constant, not stored).
//
//   skr-gen generate --problem advdiff-t --samples 100 --grid 64
//   skr-gen generate --problem advdiff-t --grid 128 --peclet 200 --dt 0.01 --t-final 1 --record-every 10
//   skr-gen generate --problem advdiff-t --scheme upwind --peclet 2000 --time-scheme bdf2 --period 0.5
#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/time_forcing.hpp"
#include "discretize/time_problem.hpp"
#include "sampling/grf.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>
#include <numbers>

namespace skr {
namespace {

struct AdvDiffTimeParameters {
  Grid grid;
  TimeSettings time;
  GrfParameters stream_grf;
  GrfInitialCondition ic;
  double eps = 0.01;
  double peclet = 100;
  double period = 1; // of the rotation: omega = 2 pi / period
  double source = 1.0;
  ConvectionScheme scheme = ConvectionScheme::scharfetter_gummel;
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<AdvDiffTimeParameters>> advdiff_t_options() {
  using P = AdvDiffTimeParameters;
  return {
      into(&P::grid, BoxGrid{2, 3}),
      into(&P::eps, Positive{"eps", "0.01", "diffusion coefficient eps > 0"}),
      into(&P::peclet,
           Number{"peclet", "100",
                  "Peclet number max|curl psi_i| L / eps (L = 1) each stream function is scaled to",
                  0, 1e12}),
      into(&P::period,
           Number{"period", "1", "period 2 pi / omega of the velocity's rotation psi_1 -> psi_2",
                  1e-12, 1e300}),
      into(&P::scheme, ConvectionSchemeOption{}),
      into(&P::stream_grf, GrfOptions{"", "stream-function ", "3", "4"}),
      into(&P::ic, GrfInitialConditionOptions{"initial condition's ", "2.5", "3", "1",
                                              "initial condition = ic-scale * GRF"}),
      into(&P::source, Number{"source", "1", "constant right-hand side f"}),
      into(&P::time, TimeOptions{"0.01", "1"})};
}

class AdvDiffTime final : public TimeFamilyWith<AdvDiffTimeParameters> {
public:
  explicit AdvDiffTime(AdvDiffTimeParameters p)
      : TimeFamilyWith(std::move(p)), stream_grf_(p_.grid.cells, p_.stream_grf),
        ic_grf_(p_.grid.cells, p_.ic.grf) {}

  std::string_view name() const override { return "advdiff-t"; }
  bool operator_changes_in_time() const override { return true; }
  bool forcing_changes_in_time() const override { return false; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    Sample sample(seed);
    for (const char* name : {"stream_cos", "stream_sin"}) {
      std::vector<double> psi = stream_grf_.sample(rng);
      const double speed = curl_of_stream_function(p_.grid, psi).max_abs();
      const double scale = speed > 0 ? p_.peclet * p_.eps / speed : 0.0;
      for (double& v : psi) v *= scale;
      sample.fields[name] = std::move(psi);
    }
    sample.fields["u0"] = p_.ic.draw(ic_grf_, rng);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  // L(t) = -eps Laplace + b(t) . grad with psi(t) = cos(omega t) psi_1 + sin(omega t) psi_2.
  void assemble_operator(const Sample& sample, double t, Mat L) const override {
    const auto& psi_cos = sample.fields.at("stream_cos");
    const auto& psi_sin = sample.fields.at("stream_sin");
    const double omega = 2 * std::numbers::pi / p_.period;
    const double c = std::cos(omega * t), s = std::sin(omega * t);
    std::vector<double> psi(psi_cos.size());
    for (std::size_t i = 0; i < psi.size(); ++i) psi[i] = c * psi_cos[i] + s * psi_sin[i];
    const FaceVelocities velocity = curl_of_stream_function(p_.grid, psi);
    ConvectionDiffusionCoefficients coefficients;
    coefficients.eps = p_.eps;
    coefficients.velocity = &velocity;
    coefficients.constant_source = 0;
    coefficients.scheme = p_.scheme;
    // The source goes to assemble_forcing.
    assemble_convection_diffusion(p_.grid, coefficients, L, discarded_rhs(L));
  }

  // A sample may carry its own "source" field (constant in time).
  void assemble_forcing(const Sample& sample, double, Vec, Vec f) const override {
    source_or_constant(sample, p_.source, f);
  }

private:
  GaussianRandomField stream_grf_, ic_grf_;
};

} // namespace

ProblemFamily advdiff_t_family() {
  return table_family<AdvDiffTime>(
      advdiff_t_options(), "advdiff-t",
      "u_t + b(x,t).grad(u) = eps Laplace(u) + f on the unit square, b = curl of "
      "cos(wt) psi_1 + sin(wt) psi_2 (GRFs) at a set Peclet number, GRF u0; trajectories, "
      "non-symmetric operator new every step",
      "64", "stream_cos, stream_sin, u0");
}

} // namespace skr
