// helmholtz: heterogeneous Helmholtz equation
//   -div(a grad u) - k^2 u = f  on the unit square,  u = 0 on the boundary.
// The build is real-valued (PETSc scalars are real), so the boundary is
// homogeneous Dirichlet: a sound-soft cavity, not an absorbing (Sommerfeld /
// impedance / PML) boundary, which would need complex arithmetic. For k^2
// above the smallest eigenvalue of -div(a grad .) (about 2 pi^2 a) the
// matrix is symmetric but indefinite; avoid k^2 sitting on a cavity
// resonance (the LU / Krylov solve then becomes ill conditioned).
//
// Discretization: cell-centred 5-point finite volumes with harmonic-mean face
// coefficients and reaction c = -k^2 (src/discretize/diffusion_fv.hpp);
// second order. Resolution rule of thumb: k h <= 0.5 (about 12 cells per
// wavelength); the defaults (grid 128, k <= 40) give k h <= 0.31.
// Random input, drawn per sample:
//   a = exp(g), g a Gaussian random field with covariance (-Laplace + tau^2)^(-alpha);
//   k ~ U(k_min, k_max), stored as the scalar input "wavenumber";
//   f per --source: constant (f = --source-value, not stored), grf (a second,
//   independent GRF, stored as field "source"), or point (a discrete delta
//   1/h^2 in one cell drawn uniformly in [0.25, 0.75]^2, stored as "source").
// Sorting features: log(a) on every cell, then the source field if stored,
// then wavenumber * sqrt(cells) / k_max * --k-weight (default 0.1): the whole
// k range weighs as much as an O(0.1) change of log(a) everywhere. GCRO-DR
// recycles eigenvectors of -div(a grad .), which the shift k^2 does not
// change, so similar a matters more than similar k: weight 0.1 gave 3-4 %
// fewer iterations than 1 (scripts/bench_sort_effect.sh), ordering by k
// alone (large weights) more than random order.
// Stored: /inputs/coeff, [/inputs/source,] /inputs/wavenumber [N],
// /outputs/solution.
//
//   skr-gen generate --problem helmholtz --samples 100
//   skr-gen generate --problem helmholtz --k-min 30 --k-max 60 --grid 192 --source point
//   skr-gen generate --config problems/presets/helmholtz.ini --solver gmres --pc ilu
#include "discretize/diffusion_fv.hpp"
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "sampling/grf.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>
#include <optional>

namespace skr {
namespace {

enum class SourceKind { constant, grf, point };

struct HelmholtzParameters {
  Grid grid;
  GrfParameters coeff_grf, source_grf;
  double k_min = 20, k_max = 40;
  double k_weight = 0.1;
  SourceKind source = SourceKind::constant;
  double source_value = 1;
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<HelmholtzParameters>> helmholtz_options() {
  using P = HelmholtzParameters;
  return {into(&P::grid, BoxGrid{2, 3}),
          into(&P::k_min, Number{"k-min", "20",
                                 "smallest wavenumber k (k ~ U(k-min, k-max) per sample)", 0, 1e8}),
          into(&P::k_max, Number{"k-max", "40", "largest wavenumber k; keep k h <= 0.5", 0, 1e8}),
          then<P>([](P& p) {
            if (p.k_min > p.k_max) fail("--k-min: {} exceeds --k-max {}", p.k_min, p.k_max);
            if (p.k_max == 0) fail("--k-max: must be positive");
          }),
          into(&P::coeff_grf, GrfOptions{"", "coefficient ", "2", "3"}),
          into(&P::source, Choice<SourceKind>{"source",
                                              "constant",
                                              "right-hand side: constant | grf | point",
                                              {{"constant", SourceKind::constant},
                                               {"grf", SourceKind::grf},
                                               {"point", SourceKind::point}}}),
          into(&P::source_value, Number{"source-value", "1", "constant source: the value of f"}),
          into(&P::source_grf, GrfOptions{"source-", "grf source: ", "2.5", "5"}),
          into(&P::k_weight, Number{"k-weight", "0.1",
                                    "weight of the wavenumber in the sorting features", 0, 1e12})};
}

class Helmholtz final : public FamilyWith<HelmholtzParameters> {
public:
  explicit Helmholtz(HelmholtzParameters p)
      : FamilyWith(std::move(p)), coeff_grf_(p_.grid.cells, p_.coeff_grf) {
    if (p_.source == SourceKind::grf) source_grf_.emplace(p_.grid.cells, p_.source_grf);
  }

  std::string_view name() const override { return "helmholtz"; }
  bool spd() const override { return false; } // indefinite once k^2 > the smallest eigenvalue
  bool symmetric() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    Sample sample(seed);
    std::vector<double> a = coeff_grf_.sample(rng);
    for (double& v : a) v = std::exp(v);
    sample.fields["coeff"] = std::move(a);
    sample.scalars["wavenumber"] = std::uniform_real_distribution<double>(p_.k_min, p_.k_max)(rng);
    if (p_.source == SourceKind::grf) {
      sample.fields["source"] = source_grf_->sample(rng);
    } else if (p_.source == SourceKind::point) {
      std::uniform_real_distribution<double> position(0.25, 0.75);
      const double x = position(rng), y = position(rng);
      const int i = std::min(int(x * p_.grid.cells[0]), p_.grid.cells[0] - 1);
      const int j = std::min(int(y * p_.grid.cells[1]), p_.grid.cells[1] - 1);
      std::vector<double> f(p_.grid.points(), 0.0);
      f[p_.grid.index(i, j)] = 1.0 / (p_.grid.spacing(0) * p_.grid.spacing(1));
      sample.fields["source"] = std::move(f);
    }
    return sample;
  }

  std::vector<double> features(const Sample& sample) const override {
    std::vector<double> f;
    const auto& a = sample.fields.at("coeff");
    f.reserve(a.size() + p_.grid.points() + 1);
    for (double v : a) f.push_back(std::log(v));
    if (auto s = sample.fields.find("source"); s != sample.fields.end())
      f.insert(f.end(), s->second.begin(), s->second.end());
    const double scale = std::sqrt(double(p_.grid.points())) / p_.k_max * p_.k_weight;
    f.push_back(sample.scalars.at("wavenumber") * scale);
    return f;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  // Uses the sample's "source" field when present (also for manufactured-solution tests).
  std::optional<SystemValues> system_values(const Sample& sample, const OwnedBox& box,
                                            bool with_operator) const override {
    const double k = sample.scalars.at("wavenumber");
    DiffusionCoefficients c;
    c.a = &sample.fields.at("coeff");
    auto source = sample.fields.find("source");
    c.source = source == sample.fields.end() ? nullptr : &source->second;
    c.constant_source = p_.source_value;
    c.reaction = -k * k;
    return diffusion_values(p_.grid, c, box, with_operator);
  }

private:
  GaussianRandomField coeff_grf_;
  std::optional<GaussianRandomField> source_grf_;
};

} // namespace

ProblemFamily helmholtz_family() {
  return table_family<Helmholtz>(
      helmholtz_options(), "helmholtz",
      "-div(a grad u) - k^2 u = f on the unit square, a = exp(GRF), random k, indefinite",
      "128", // 128^2: k h <= 0.31 for the default k range
      "coeff, source (--source grf | point only), wavenumber (a constant channel)");
}

} // namespace skr
