// heat: u_t = div(kappa grad u) + f on the unit square, a trajectory per
// sample (the first time-dependent family, issue 24; TIME_SPEC.md).
//
// Discretization: the cell-centred finite volumes of darcy
// (src/discretize/diffusion_fv.hpp: harmonic-mean faces, SPD) for L u =
// -div(kappa grad u), stepped by the generic implicit stepper
// (src/discretize/time_stepper.hpp: --time-scheme be | cn | bdf2, --dt,
// --t-final, --record-every). The operator is fixed in time: within a
// trajectory A never changes, so a direct solve factors once per trajectory.
// Random inputs, from (seed, i):
//   kappa: a GRF as darcy's (--coeff piecewise: kappa-high / kappa-low where
//          the GRF is >= 0 / < 0; lognormal: kappa-scale * exp(GRF));
//   u0:    a smooth GRF (--ic-alpha, --ic-tau), the initial condition.
// Walls (--walls): dirichlet (u = 0) or zero-flux (insulated: the total heat
// sum(u) h^2 then grows exactly by t * integral(f), and is conserved for f = 0).
// Stored: /inputs/{coeff,u0} [N, nx, ny], /outputs/solution [N, T, nx, ny].
//
//   skr-gen generate --problem heat --samples 100 --grid 64 --dt 0.01 --t-final 0.5
//   skr-gen generate --problem heat --walls zero-flux --source 0 --time-scheme bdf2
#include "discretize/diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/time_problem.hpp"
#include "sampling/grf.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>

namespace skr {
namespace {

struct HeatParameters {
  Grid grid;
  TimeSettings time;
  GrfParameters coeff_grf;
  GrfInitialCondition ic;
  GrfCoefficient kappa;
  double source = 0.0;
  bool insulated = false; // zero-flux walls
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<HeatParameters>> heat_options() {
  using P = HeatParameters;
  return {
      into(&P::grid, BoxGrid{2, 2}),
      into(&P::kappa, GrfCoefficientOptions{}),
      into(&P::coeff_grf, GrfOptions{"", "kappa's ", "2", "3"}),
      into(&P::ic, GrfInitialConditionOptions{"initial condition's ", "2.5", "3", "1",
                                              "initial condition = ic-scale * GRF"}),
      into(&P::source, Number{"source", "0", "constant heat source f"}),
      into(&P::insulated, Choice<bool>{"walls",
                                       "dirichlet",
                                       "dirichlet (u = 0) | zero-flux (insulated: conserves heat)",
                                       {{"dirichlet", false}, {"zero-flux", true}}}),
      into(&P::time, TimeOptions{"0.01", "0.5"})};
}

class Heat final : public TimeFamilyWith<HeatParameters> {
public:
  explicit Heat(HeatParameters p)
      : TimeFamilyWith(std::move(p)), coeff_grf_(p_.grid.cells, p_.coeff_grf),
        ic_grf_(p_.grid.cells, p_.ic.grf) {}

  std::string_view name() const override { return "heat"; }
  bool spd() const override { return true; } // I + c L with L SPD (or semi-definite)
  bool operator_changes_in_time() const override { return false; }
  bool forcing_changes_in_time() const override { return false; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    std::vector<double> kappa = coeff_grf_.sample(rng);
    for (double& v : kappa) v = p_.kappa(v);
    std::vector<double> u0 = p_.ic.draw(ic_grf_, rng);
    Sample sample(seed);
    sample.fields["coeff"] = std::move(kappa);
    sample.fields["u0"] = std::move(u0);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  void assemble_operator(const Sample& sample, double, Mat L) const override {
    DM dm = nullptr;
    SKR_PETSC(MatGetDM(L, &dm));
    Handle<Vec> unused; // the boundary data are zero: L alone
    SKR_PETSC(DMCreateGlobalVector(dm, unused.out()));
    DiffusionCoefficients c;
    c.a = &sample.fields.at("coeff");
    c.constant_source = 0;
    if (p_.insulated) c.insulated.fill(true);
    assemble_diffusion(p_.grid, c, L, unused);
  }

  // A sample may carry its own "source" field (manufactured-solution tests).
  void assemble_forcing(const Sample& sample, double, Vec, Vec f) const override {
    if (auto source = sample.fields.find("source"); source != sample.fields.end())
      scatter_from_storage(source->second, f);
    else
      SKR_PETSC(VecSet(f, p_.source));
  }

private:
  GaussianRandomField coeff_grf_, ic_grf_;
};

} // namespace

ProblemFamily heat_family() {
  return table_family<Heat>(
      heat_options(), "heat",
      "u_t = div(kappa grad u) + f on the unit square, GRF kappa and initial condition, "
      "Dirichlet or zero-flux walls; trajectories (be | cn | bdf2)",
      "64", "coeff, u0");
}

} // namespace skr
