// darcy-t: diffusion through a moving medium, a trajectory per sample
//   u_t = div(kappa(x - v t) grad u) + f  on the unit square,  u = 0 on the boundary,  u(0) = 0,
// the coefficient of darcy drifting at constant velocity v = (--drift-x, --drift-y):
//   kappa(x, t) = K(g(x - v t)),  K = kappa-scale exp(.) (--coeff lognormal) or
//   kappa-high / kappa-low where g >= 0 / < 0 (--coeff piecewise),
// g a Gaussian random field (covariance (-Laplace + tau^2)^(-alpha)) continued
// as its cosine series: even and 2-periodic per axis, so the medium leaves
// through one wall and comes back through it mirrored; the translate is exact
// (src/sampling/translated_field.hpp), so kappa is smooth in t (lognormal).
// The operator changes at every step, yet a sample is still its g: samples sort
// as darcy's do.
//
// Discretization: darcy's cell-centred finite volumes with harmonic-mean
// faces (src/discretize/diffusion_fv.hpp) for L(t) u = -div(kappa(t) grad u),
// stepped by the generic implicit stepper (src/discretize/time_stepper.hpp:
// --time-scheme be | cn | bdf2): every step's matrix I + c dt L(t) is SPD and new.
// Temporal orders are tested against manufactured space-time solutions
// (tests/problems/time_families_test.cpp).
// Stored: /inputs/grf (g at t = 0, which with v fixes kappa at every t),
// /inputs/coeff (kappa at t = 0); /outputs/solution [N, T, nx, ny].
// f = --source (constant, not stored).
//
//   skr-gen generate --problem darcy-t --samples 100 --grid 64
//   skr-gen generate --problem darcy-t --coeff piecewise --drift-x 0 --drift-y 2 --t-final 2
#include "discretize/diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/time_forcing.hpp"
#include "discretize/time_problem.hpp"
#include "sampling/grf.hpp"
#include "sampling/translated_field.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>
#include <memory>

namespace skr {
namespace {

struct DarcyTimeParameters {
  Grid grid;
  TimeSettings time;
  GrfParameters grf;
  GrfCoefficient kappa;
  double drift_x = 1.0, drift_y = 0.5;
  double source = 1.0;
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<DarcyTimeParameters>> darcy_t_options() {
  using P = DarcyTimeParameters;
  return {into(&P::grid, BoxGrid{2, 2}),
          into(&P::kappa, GrfCoefficientOptions{}),
          into(&P::grf, GrfOptions{"", "", "2", "3"}),
          into(&P::drift_x,
               Number{"drift-x", "1", "x velocity of the medium (the GRF's period is 2 per axis)",
                      -1e6, 1e6}),
          into(&P::drift_y, Number{"drift-y", "0.5", "y velocity of the medium", -1e6, 1e6}),
          into(&P::source, Number{"source", "1", "constant right-hand side f"}),
          into(&P::time, TimeOptions{"0.01", "1"})};
}

class DarcyTime final : public TimeFamilyWith<DarcyTimeParameters> {
public:
  explicit DarcyTime(DarcyTimeParameters p)
      : TimeFamilyWith(std::move(p)), grf_(p_.grid.cells, p_.grf) {}

  std::string_view name() const override { return "darcy-t"; }
  bool spd() const override { return true; }
  bool operator_changes_in_time() const override { return true; }
  bool forcing_changes_in_time() const override { return false; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    Sample sample(seed);
    sample.fields["grf"] = grf_.sample(rng);
    sample.fields["coeff"] = kappa(sample.fields["grf"]);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  void initial_state(const Sample&, Vec u) const override { SKR_PETSC(VecZeroEntries(u)); }

  void assemble_operator(const Sample& sample, double t, Mat L) const override {
    const std::vector<double> a = kappa(translate(sample.fields.at("grf"), t));
    DiffusionCoefficients c;
    c.a = &a;
    c.constant_source = 0;
    // The source goes to assemble_forcing.
    assemble_diffusion(p_.grid, c, L, discarded_rhs(L));
  }

  // A sample may carry its own "source" field (constant in time).
  void assemble_forcing(const Sample& sample, double, Vec, Vec f) const override {
    source_or_constant(sample, p_.source, f);
  }

private:
  std::vector<double> kappa(std::vector<double> g) const {
    for (double& v : g) v = p_.kappa(v);
    return g;
  }

  // g(x - v t). The cosine analysis of g is done once per trajectory and
  // kept per thread (each thread steps one trajectory at a time).
  std::vector<double> translate(const std::vector<double>& g, double t) const {
    struct Cache {
      std::vector<double> g;
      std::unique_ptr<TranslatedField> field;
    };
    thread_local Cache cache;
    if (!cache.field || cache.g != g) {
      cache.field = std::make_unique<TranslatedField>(
          std::array<int, 2>{p_.grid.cells[0], p_.grid.cells[1]}, g);
      cache.g = g;
    }
    return cache.field->at(p_.drift_x * t, p_.drift_y * t);
  }

  GaussianRandomField grf_;
};

} // namespace

ProblemFamily darcy_t_family() {
  return table_family<DarcyTime>(
      darcy_t_options(), "darcy-t",
      "u_t = div(kappa(x - v t) grad u) + f on the unit square, kappa a GRF (lognormal or "
      "piecewise) drifting periodically at velocity v, u0 = 0; trajectories, SPD operator "
      "new every step",
      "64", "coeff, grf");
}

} // namespace skr
