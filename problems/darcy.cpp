// darcy: steady Darcy flow  -div(a grad u) = f  on the unit square, u = 0 on
// the boundary (the FNO / PDEBench benchmark). The same implementation, in
// 3-D on the unit cube, is the darcy3d family (problems/darcy3d.cpp).
//
// Discretization (--scheme, 2-D only), both SPD:
//   fv          cell-centred 5-point finite volumes with harmonic-mean face
//               coefficients (src/discretize/diffusion_fv.hpp);
//   fno-vertex  FNO's own (their data_generation/darcy/solve_gwf.m): the
//               coefficient (and a source field) splined from the cell
//               centres to as many vertices on [0, 1], boundary included
//               (not-a-knot cubic, MATLAB interp2 'spline';
//               src/discretize/spline_map.hpp), 5-point finite differences
//               with arithmetic-mean faces and u = 0 on the boundary vertices
//               (src/discretize/vertex_diffusion_fd.hpp), the vertex solution
//               splined back to the cell centres: what is stored. The
//               unknowns are then vertex values; docs/FNO_SCHEME.md.
// Random input: the coefficient a, from a Gaussian random field g with
// covariance (-Laplace + tau^2)^(-alpha) (src/sampling/grf.hpp):
//   --coeff piecewise   a = a_high where g >= 0, a_low elsewhere (FNO: 12 / 3)
//   --coeff lognormal   a = exp(g)                                 (SKR paper)
// Stored: /inputs/coeff [N, nx, ny], /outputs/solution [N, nx, ny] (cell centres).
//
//   skr-gen generate --problem darcy --samples 200 --grid 64
//   skr-gen generate --preset fno_darcy --scheme fno-vertex --samples 100
//   skr-gen generate --problem darcy --coeff lognormal --alpha 2.5 --tau 7 --grid 80
#include "discretize/diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "discretize/spline_map.hpp"
#include "discretize/vertex_diffusion_fd.hpp"
#include "sampling/grf.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>
#include <mutex>
#include <optional>

namespace skr {
namespace {

enum class CoefficientKind { piecewise, lognormal };
enum class Scheme { fv, fno_vertex };

struct DarcyParameters {
  Grid grid;
  GrfParameters grf;
  CoefficientKind kind = CoefficientKind::piecewise;
  double high = 12.0, low = 3.0; // piecewise values
  double source = 1.0;
  Scheme scheme = Scheme::fv;
};

// fno-vertex's moves between the cell centres and the vertices, per axis.
struct VertexSplines {
  std::vector<NotAKnotSpline> to_vertices, to_centres; // [axis]
  // The inverse of to_centres: stored solutions back to the unknowns (validate).
  mutable std::once_flag inverted;
  mutable std::vector<InverseLineMap> from_centres;

  explicit VertexSplines(const Grid& grid) {
    for (int axis = 0; axis < 2; ++axis) {
      const auto centres = grid.coordinates(axis), vertices = vertex_coordinates(grid, axis);
      to_vertices.emplace_back(centres, vertices);
      to_centres.emplace_back(vertices, centres);
    }
  }
  const std::vector<InverseLineMap>& inverse() const {
    std::call_once(inverted, [this] {
      for (const auto& map : to_centres) from_centres.emplace_back(map);
    });
    return from_centres;
  }
};

// The options, each read into its member (util/option_table.hpp); --scheme
// in 2-D only.
std::vector<OptionRow<DarcyParameters>> darcy_options(int dims) {
  using P = DarcyParameters;
  std::vector<OptionRow<P>> rows{into(&P::grid, BoxGrid{dims, 3})};
  if (dims == 2)
    rows.push_back(into(
        &P::scheme,
        Choice<Scheme>{"scheme",
                       "fv",
                       "discretization: fv (cell-centred finite volumes, harmonic-mean faces) | "
                       "fno-vertex (FNO's solve_gwf.m: coefficient splined to the vertices, "
                       "5-point differences with arithmetic-mean faces, solution splined back to "
                       "the cells)",
                       {{"fv", Scheme::fv}, {"fno-vertex", Scheme::fno_vertex}}}));
  rows.insert(
      rows.end(),
      {into(&P::kind,
            Choice<CoefficientKind>{
                "coeff",
                "piecewise",
                "coefficient: piecewise (GRF thresholded at 0) | lognormal (exp(GRF))",
                {{"piecewise", CoefficientKind::piecewise},
                 {"lognormal", CoefficientKind::lognormal}}}),
       // The GRF needs alpha > d/2.
       into(&P::grf, GrfOptions{"", "", "2", "3", dims / 2.0}),
       into(&P::high,
            Number{"coeff-high", "12", "piecewise: value where the GRF is >= 0", 1e-300, 1e300}),
       into(&P::low,
            Number{"coeff-low", "3", "piecewise: value where the GRF is < 0", 1e-300, 1e300}),
       into(&P::source, Number{"source", "1", "constant right-hand side f"}),
       then<P>([](P& p) {
         if (p.scheme == Scheme::fno_vertex && std::min(p.grid.cells[0], p.grid.cells[1]) < 4)
           fail("--scheme fno-vertex: --grid needs at least 4 cells per axis (its splines need "
                "4 points)");
       })});
  return rows;
}

class Darcy final : public FamilyWith<DarcyParameters> {
public:
  explicit Darcy(DarcyParameters p) : FamilyWith(std::move(p)), grf_(p_.grid.cells, p_.grf) {
    if (p_.scheme == Scheme::fno_vertex) splines_.emplace(p_.grid);
  }

  std::string_view name() const override { return p_.grid.dims() == 2 ? "darcy" : "darcy3d"; }
  bool spd() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    std::vector<double> a = grf_.sample(rng);
    for (double& v : a)
      v = p_.kind == CoefficientKind::lognormal ? std::exp(v) : (v >= 0 ? p_.high : p_.low);
    Sample sample(seed);
    sample.fields["coeff"] = std::move(a);
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  void assemble(const Sample& sample, Mat A, Vec b) const override {
    if (splines_) return assemble_vertex_system(sample, A, b);
    Problem::assemble(sample, A, b); // system_values'
  }

  // A sample may carry its own "source" field (used by manufactured-solution tests).
  std::optional<SystemValues> system_values(const Sample& sample, const OwnedBox& box,
                                            bool with_operator) const override {
    if (splines_) return std::nullopt;
    DiffusionCoefficients c;
    c.a = &sample.fields.at("coeff");
    auto source = sample.fields.find("source");
    c.source = source == sample.fields.end() ? nullptr : &source->second;
    c.constant_source = p_.source;
    return diffusion_values(p_.grid, c, box, with_operator);
  }

  // fno-vertex: the vertex solution x, splined back to the cell centres.
  Fields outputs(const Sample& sample, std::vector<double> x) const override {
    if (!splines_) return Problem::outputs(sample, std::move(x));
    return single_field("solution", apply_2d(splines_->to_centres[0], splines_->to_centres[1], x));
  }

  // fno-vertex: the vertex values whose spline is the stored solution (the
  // boundary ones are 0 by the scheme; the inversion leaves round-off there).
  std::vector<double> solution(const Fields& outputs) const override {
    std::vector<double> x = Problem::solution(outputs);
    if (!splines_) return x;
    const auto& inverse = splines_->inverse();
    x = apply_2d(inverse[0], inverse[1], x);
    const int nx = p_.grid.cells[0], ny = p_.grid.cells[1];
    for (int i = 0; i < nx; ++i)
      for (int j = 0; j < ny; ++j)
        if (i == 0 || j == 0 || i == nx - 1 || j == ny - 1) x[p_.grid.index(i, j)] = 0.0;
    return x;
  }

private:
  void assemble_vertex_system(const Sample& sample, Mat A, Vec b) const {
    const auto& to_vertices = splines_->to_vertices;
    const std::vector<double> a =
        apply_2d(to_vertices[0], to_vertices[1], sample.fields.at("coeff"));
    std::vector<double> source;
    DiffusionFields c;
    c.a = &a;
    if (auto s = sample.fields.find("source"); s != sample.fields.end()) {
      source = apply_2d(to_vertices[0], to_vertices[1], s->second);
      c.source = &source;
    }
    c.constant_source = p_.source;
    assemble_vertex_diffusion(p_.grid, c, A, b);
  }

  GaussianRandomField grf_;
  std::optional<VertexSplines> splines_; // fno-vertex only
};

} // namespace

// The family in 2-D (darcy) or 3-D (darcy3d, registered from problems/darcy3d.cpp).
ProblemFamily darcy_family_in(int dims) {
  if (dims == 3) // an unset --grid means 32^3 (64, the common default, is 2-D sized)
    return table_family<Darcy>(
        darcy_options(3), "darcy3d",
        "-div(a grad u) = f on the unit cube, 7-point FV, GRF coefficient, SPD", "32", "coeff");
  return table_family<Darcy>(
      darcy_options(2), "darcy",
      "-div(a grad u) = f on the unit square, GRF coefficient (piecewise or lognormal), SPD; "
      "FV or FNO's vertex FD (--scheme)",
      "64", "coeff");
}

ProblemFamily darcy_family() {
  return darcy_family_in(2);
}

} // namespace skr
