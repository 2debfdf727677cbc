// poisson: -Laplace(u) = f on the unit square with Dirichlet data u = g on
// each edge, f and g truncated Chebyshev series with U(-1, 1) coefficients
// (the SKR paper's Poisson family). Only the right-hand side changes from
// sample to sample: the matrix is the same 5-point Laplacian every time.
//
// Random input (src/sampling/chebyshev.hpp), degree d = --degree (default 5):
//   f(x, y) = sum_{i + j <= d} c_ij T_i(2x - 1) T_j(2y - 1)    (total degree d)
//   g_e(s)  = sum_{i <= d}     c_e,i T_i(2s - 1)  for each edge e:
//     left (x = 0) and right (x = 1) as functions of s = y,
//     bottom (y = 0) and top (y = 1) as functions of s = x.
// The four edge functions are independent, so they may disagree at the
// corners; cell-centred finite volumes never sample a corner.
// Discretization: cell-centred 5-point finite volumes (diffusion_fv with
// a = 1); g enters through the boundary faces, h/2 from the cell centres.
// SPD, second order.
// Stored: /inputs/source [N, nx, ny] (f at the cell centres, which is what
// the system uses), /inputs/bc_<edge>_c<i> [N] (the d + 1 Chebyshev
// coefficients of each edge, edge in left/right/bottom/top: exact boundary
// data at any resolution), /outputs/solution [N, nx, ny]. These rebuild the
// system exactly (up to --precision of the stored source field).
// Trainer input (Problem::trainer_inputs): channel "boundary", g at the
// boundary face centre of every edge cell (the mean of both edges' values in
// a corner cell, which has two boundary faces) and 0 inside, then "source".
// The edge cells hold nx - 2 >= d + 1 samples of each edge's series, which
// fix its coefficients.
// Sorting features: the source field, then each edge's g at its boundary face
// centres weighted by 2 / h^2, as they enter b. The matrix never changes, so
// sorting can only help a warm start, whose initial residual is
// b_new - b_prev: the features measure exactly that (boundary data dominate).
//
//   skr-gen generate --problem poisson --samples 100 --grid 128
//   skr-gen generate --problem poisson --degree 8 --grid 256 --solver cg --pc icc
#include "discretize/diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "sampling/chebyshev.hpp"
#include "util/error.hpp"

#include <array>
#include <cmath>

namespace skr {
namespace {

constexpr std::array<const char*, 4> edge_names{"left", "right", "bottom", "top"};

std::string coefficient_name(int edge, int i) {
  return fmt::format("bc_{}_c{}", edge_names[edge], i);
}

struct PoissonParameters {
  Grid grid;
  int degree = 5;
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<PoissonParameters>> poisson_options() {
  using P = PoissonParameters;
  return {into(&P::grid, BoxGrid{2, 3}),
          into(&P::degree,
               Integer<int>{"degree", "5",
                            "Chebyshev degree d of f (total degree) and of each edge's g", 0, 50})};
}

class Poisson final : public FamilyWith<PoissonParameters> {
public:
  explicit Poisson(PoissonParameters p) : FamilyWith(std::move(p)), ones_(p_.grid.points(), 1.0) {}

  std::string_view name() const override { return "poisson"; }
  bool spd() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    Sample sample(seed);
    const auto f = random_chebyshev_coefficients(chebyshev_terms_2d(p_.degree), rng);
    sample.fields["source"] =
        chebyshev_series_2d_on_grid(f, p_.degree, p_.grid.coordinates(0), p_.grid.coordinates(1));
    for (int edge = 0; edge < 4; ++edge) {
      const auto c = random_chebyshev_coefficients(chebyshev_terms_1d(p_.degree), rng);
      for (int i = 0; i <= p_.degree; ++i) sample.scalars[coefficient_name(edge, i)] = c[i];
    }
    return sample;
  }

  std::vector<double> features(const Sample& sample) const override {
    std::vector<double> f = sample.fields.at("source");
    const auto edges = edge_coefficients(sample);
    for (int edge = 0; edge < 4; ++edge) {
      const int axis = edge < 2 ? 1 : 0;        // left/right run along y, bottom/top along x
      const double h = p_.grid.spacing(1 - axis); // across the edge
      const double weight = 2 / (h * h);
      for (double s : p_.grid.coordinates(axis))
        f.push_back(weight * chebyshev_series_1d(edges[edge], s));
    }
    return f;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  Fields trainer_inputs(const Sample& sample) const override {
    const auto edges = edge_coefficients(sample);
    const int nx = p_.grid.cells[0], ny = p_.grid.cells[1];
    std::vector<double> boundary(p_.grid.points(), 0.0), faces(p_.grid.points(), 0.0);
    auto add = [&](int i, int j, int edge, double s) {
      boundary[p_.grid.index(i, j)] += chebyshev_series_1d(edges[edge], s);
      faces[p_.grid.index(i, j)] += 1;
    };
    for (int j = 0; j < ny; ++j) {
      add(0, j, 0, p_.grid.centre(1, j));
      add(nx - 1, j, 1, p_.grid.centre(1, j));
    }
    for (int i = 0; i < nx; ++i) {
      add(i, 0, 2, p_.grid.centre(0, i));
      add(i, ny - 1, 3, p_.grid.centre(0, i));
    }
    for (std::size_t c = 0; c < boundary.size(); ++c)
      if (faces[c] > 0) boundary[c] /= faces[c];
    return {{"boundary", std::move(boundary)}, {"source", sample.fields.at("source")}};
  }

  std::optional<SystemValues> system_values(const Sample& sample, const OwnedBox& box,
                                            bool with_operator) const override {
    return diffusion_values(p_.grid, coefficients(sample), box, with_operator);
  }

  // -Laplace u = f: only f and the boundary values, that is b, change.
  bool operator_is_fixed(const Sample&) const override { return true; }

private:
  DiffusionCoefficients coefficients(const Sample& sample) const {
    DiffusionCoefficients c;
    c.a = &ones_;
    c.source = &sample.fields.at("source");
    c.boundary = [edges = edge_coefficients(sample)](const double* p) {
      if (p[0] == 0.0) return chebyshev_series_1d(edges[0], p[1]);
      if (p[0] == 1.0) return chebyshev_series_1d(edges[1], p[1]);
      if (p[1] == 0.0) return chebyshev_series_1d(edges[2], p[0]);
      return chebyshev_series_1d(edges[3], p[0]);
    };
    return c;
  }

  std::array<std::vector<double>, 4> edge_coefficients(const Sample& sample) const {
    std::array<std::vector<double>, 4> edges;
    for (int edge = 0; edge < 4; ++edge)
      for (int i = 0; i <= p_.degree; ++i)
        edges[edge].push_back(sample.scalars.at(coefficient_name(edge, i)));
    return edges;
  }

  std::vector<double> ones_; // the coefficient a = 1
};

} // namespace

ProblemFamily poisson_family() {
  return table_family<Poisson>(
      poisson_options(), "poisson",
      "-Laplace(u) = f on the unit square, f and edge values random Chebyshev series, "
      "only the RHS varies, SPD",
      "64",
      "boundary (g at each edge cell's boundary face centre, mean of both edges in a corner "
      "cell, 0 inside), source (f at the cell centres)");
}

} // namespace skr
