// darcy: steady Darcy flow  -div(a grad u) = f  on the unit square, u = 0 on
// the boundary (the FNO / PDEBench benchmark). The same implementation, in
// 3-D on the unit cube, is the darcy3d family (problems/darcy3d.cpp).
//
// Discretization: cell-centred 5-point finite volumes with harmonic-mean face
// coefficients (src/discretize/diffusion_fv.hpp); the matrix is SPD.
// Random input: the coefficient a, from a Gaussian random field g with
// covariance (-Laplace + tau^2)^(-alpha) (src/sampling/grf.hpp):
//   --coeff piecewise   a = a_high where g >= 0, a_low elsewhere (FNO: 12 / 3)
//   --coeff lognormal   a = exp(g)                                 (SKR paper)
// Stored: /inputs/coeff [N, nx, ny], /outputs/solution [N, nx, ny].
//
//   skr-gen generate --problem darcy --samples 200 --grid 64
//   skr-gen generate --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80
#include "discretize/diffusion_fv.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "sampling/grf.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>

namespace skr {
namespace {

enum class CoefficientKind { piecewise, lognormal };

struct DarcyParameters {
  std::string name; // "darcy" (2-D) or "darcy3d"
  Grid grid;
  GrfParameters grf;
  CoefficientKind kind = CoefficientKind::piecewise;
  double high = 12.0, low = 3.0; // piecewise values
  double source = 1.0;
};

class Darcy final : public Problem {
public:
  explicit Darcy(DarcyParameters p) : p_(std::move(p)), grf_(p_.grid.cells, p_.grf) {}

  std::string_view name() const override { return p_.name; }
  const Grid& grid() const override { return p_.grid; }
  bool spd() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    std::vector<double> a = grf_.sample(rng);
    for (double& v : a)
      v = p_.kind == CoefficientKind::lognormal ? std::exp(v) : (v >= 0 ? p_.high : p_.low);
    Sample sample;
    sample.seed = seed;
    sample.fields["coeff"] = std::move(a);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  // A sample may carry its own "source" field (used by manufactured-solution tests).
  void assemble(const Sample& sample, Mat A, Vec b) const override {
    DiffusionCoefficients c;
    c.a = &sample.fields.at("coeff");
    auto source = sample.fields.find("source");
    c.source = source == sample.fields.end() ? nullptr : &source->second;
    c.constant_source = p_.source;
    assemble_diffusion(p_.grid, c, A, b);
  }

private:
  DarcyParameters p_;
  GaussianRandomField grf_;
};

po::options_description darcy_options() {
  po::options_description desc("darcy options");
  add_option(desc, "coeff", "piecewise",
             "coefficient: piecewise (GRF thresholded at 0) | lognormal (exp(GRF))");
  add_grf_options(desc, "", "", "2", "3");
  add_option(desc, "coeff-high", "12", "piecewise: value where the GRF is >= 0");
  add_option(desc, "coeff-low", "3", "piecewise: value where the GRF is < 0");
  add_option(desc, "source", "1", "constant right-hand side f");
  return desc;
}

std::unique_ptr<Problem> make_darcy(const po::variables_map& vm, int dims) {
  DarcyParameters p;
  p.name = dims == 2 ? "darcy" : "darcy3d";
  // 3-D: an unset --grid means 32^3 (the common default, 64, is 2-D sized).
  p.grid = unit_box(parse_grid(get_string(vm, "grid"), dims, 3));
  p.grf = read_grf_options(vm, "", dims / 2.0); // the GRF needs alpha > d/2
  const std::string kind = get_string(vm, "coeff");
  if (kind == "piecewise")
    p.kind = CoefficientKind::piecewise;
  else if (kind == "lognormal")
    p.kind = CoefficientKind::lognormal;
  else
    fail("--coeff: '{}' is not piecewise or lognormal", kind);
  p.high = get_double_in(vm, "coeff-high", 1e-300, 1e300);
  p.low = get_double_in(vm, "coeff-low", 1e-300, 1e300);
  p.source = get_double(vm, "source");
  return std::make_unique<Darcy>(std::move(p));
}

} // namespace

// The family in 2-D (darcy) or 3-D (darcy3d, registered from problems/darcy3d.cpp).
ProblemFamily darcy_family_in(int dims) {
  if (dims == 3)
    return {"darcy3d", "-div(a grad u) = f on the unit cube, 7-point FV, GRF coefficient, SPD",
            darcy_options, [](const po::variables_map& vm) { return make_darcy(vm, 3); }, "32", "coeff"};
  return {"darcy",
          "-div(a grad u) = f on the unit square, GRF coefficient (piecewise or lognormal), SPD",
          darcy_options, [](const po::variables_map& vm) { return make_darcy(vm, 2); }, "64", "coeff"};
}

ProblemFamily darcy_family() {
  return darcy_family_in(2);
}

} // namespace skr
