// advdiff: steady advection-diffusion
//   -eps Laplace(u) + b . grad(u) = f  on the unit square,  u = 0 on the boundary,
// with a random divergence-free velocity b = (d psi/dy, -d psi/dx), psi a
// Gaussian random field (covariance (-Laplace + tau^2)^(-alpha)), scaled per
// sample so that max |b| = Pe eps / L (L = 1): the global Peclet number
// Pe = max|b| L / eps is the --peclet option; the cell Peclet number is
// max|b| h / (2 eps) = Pe / (2 n).
//
// Discretization (src/discretize/convection_diffusion_fv.hpp): cell-centred
// finite volumes in conservative form div(b u), exact for b . grad u because
// b is built on the faces from psi at the vertices (discrete divergence 0):
//   --scheme sg       Scharfetter-Gummel exponential fitting: stable for all Pe,
//                     second order while the cell Peclet number is small;
//   --scheme upwind   first-order upwind.
// The matrix is non-symmetric (an M-matrix with both schemes).
// Stored: /inputs/stream (the scaled psi at the cell centres: it fixes the face
// velocities and so the system), /inputs/velocity_x, /inputs/velocity_y (b at
// the cell centres, averages of opposite faces, for trainers),
// /outputs/solution. Sorting features: velocity_x then velocity_y.
// f = --source (constant, not stored); a sample's own "source" field wins.
//
//   skr-gen generate --problem advdiff --samples 100 --grid 128
//   skr-gen generate --problem advdiff --peclet 1000 --scheme upwind --grid 256
//   skr-gen generate --problem advdiff --eps 0.001 --peclet 200 --alpha 3.5 --tau 5
#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "sampling/grf.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>

namespace skr {
namespace {

struct AdvDiffParameters {
  Grid grid;
  GrfParameters grf;
  double eps = 0.01;
  double peclet = 100;
  double source = 1.0;
  ConvectionScheme scheme = ConvectionScheme::scharfetter_gummel;
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<AdvDiffParameters>> advdiff_options() {
  using P = AdvDiffParameters;
  return {into(&P::grid, BoxGrid{2, 3}),
          into(&P::eps, Positive{"eps", "0.01", "diffusion coefficient eps > 0"}),
          into(&P::peclet,
               Number{"peclet", "100",
                      "Peclet number max|b| L / eps (L = 1) every velocity is scaled to", 0, 1e12}),
          into(&P::scheme, ConvectionSchemeOption{}),
          into(&P::grf, GrfOptions{"", "stream-function ", "3", "4"}),
          into(&P::source, Number{"source", "1", "constant right-hand side f"})};
}

class AdvDiff final : public FamilyWith<AdvDiffParameters> {
public:
  explicit AdvDiff(AdvDiffParameters p) : FamilyWith(std::move(p)), grf_(p_.grid.cells, p_.grf) {}

  std::string_view name() const override { return "advdiff"; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    std::vector<double> psi = grf_.sample(rng);
    const double speed = curl_of_stream_function(p_.grid, psi).max_abs();
    const double scale = speed > 0 ? p_.peclet * p_.eps / speed : 0.0;
    for (double& v : psi) v *= scale;
    const FaceVelocities b = curl_of_stream_function(p_.grid, psi);
    Sample sample(seed);
    sample.fields["velocity_x"] = cell_velocity(p_.grid, b, 0);
    sample.fields["velocity_y"] = cell_velocity(p_.grid, b, 1);
    sample.fields["stream"] = std::move(psi);
    return sample;
  }

  std::vector<double> features(const Sample& sample) const override {
    std::vector<double> f = sample.fields.at("velocity_x");
    const auto& vy = sample.fields.at("velocity_y");
    f.insert(f.end(), vy.begin(), vy.end());
    return f;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  // Uses the sample's "source" field when present (manufactured-solution tests).
  void assemble(const Sample& sample, Mat A, Vec b) const override {
    const FaceVelocities velocity = curl_of_stream_function(p_.grid, sample.fields.at("stream"));
    ConvectionDiffusionCoefficients c;
    c.eps = p_.eps;
    c.velocity = &velocity;
    auto source = sample.fields.find("source");
    c.source = source == sample.fields.end() ? nullptr : &source->second;
    c.constant_source = p_.source;
    c.scheme = p_.scheme;
    assemble_convection_diffusion(p_.grid, c, A, b);
  }

private:
  GaussianRandomField grf_;
};

} // namespace

ProblemFamily advdiff_family() {
  return table_family<AdvDiff>(
      advdiff_options(), "advdiff",
      "-eps Laplace(u) + b.grad(u) = f on the unit square, b = curl(GRF) at a set Peclet number, "
      "non-symmetric",
      "64", "stream, velocity_x, velocity_y");
}

} // namespace skr
