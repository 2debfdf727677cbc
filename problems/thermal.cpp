// thermal: steady heat conduction  -div(kappa grad T) = 0  in the plate
// [-0.5, 0.5] x [-0.8, 0.8] with the slot [-0.05, 0.05] x [-0.4, 0.4] cut out
// (the SKR paper's thermal family). Boundary conditions:
//   T = T_left  on the left edge x = -0.5,  T_left ~ U(t-left-min, t-left-max) = U(-100, 0);
//   T = T_right on the right edge x = 0.5,  T_right ~ U(t-right-min, t-right-max) = U(0, 100);
//   insulated (zero Neumann) on the top and bottom edges and on the slot walls.
// Conductivity: --kappa constant (kappa = 1, the default: then only the
// right-hand side changes between samples) or --kappa lognormal
// (kappa = exp(g), g a GRF with covariance (-Laplace + tau^2)^(-alpha)
// sampled on the cell grid as if it were the unit square, i.e. stretched by
// 1.6 along y).
//
// Discretization: cell-centred 5-point finite volumes on the bounding box
// (diffusion_fv with insulated top/bottom sides and a cell mask). The slot
// walls must be cell faces: nx a multiple of 20 and ny of 4. --grid N means
// N x (8N/5), i.e. square cells; default 100 (100 x 160 cells, 15200 of them
// in the plate). Cells in the slot are not unknowns of the PDE: their rows
// are d T = 0, decoupled from the plate (symmetric, SPD). Second order.
// Stored: /inputs/mask [N, nx, ny] (1 in the plate, 0 in the slot),
// /inputs/t_left, /inputs/t_right [N], /inputs/kappa (lognormal only, the
// value on every cell of the box), /outputs/solution with NaN in the slot.
// Trainer input (Problem::trainer_inputs): "boundary_temperature" (T_left on
// the left column of cells, T_right on the right one, 0 elsewhere), "kappa"
// (lognormal only) and "mask"; exports write 0 for the solution in the slot.
// Sorting features: log(kappa) on the plate cells (lognormal only), then
// t_left and t_right times sqrt(plate cells) / 100, so that 100 degrees at an
// edge weigh like a unit change of log(kappa) everywhere.
//
//   skr-gen generate --problem thermal --samples 100
//   skr-gen generate --problem thermal --grid 200 --kappa lognormal --solver gmres --pc ilu
//   skr-gen generate --problem thermal --grid 60x96 --t-left-min 0 --t-left-max 10
#include "discretize/diffusion_fv.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/problem.hpp"
#include "sampling/grf.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <cmath>
#include <limits>
#include <optional>

namespace skr {
namespace {

struct ThermalParameters {
  Grid grid;
  std::optional<GrfParameters> kappa_grf; // empty: kappa = 1
  std::pair<double, double> t_left{-100, 0}, t_right{0, 100}; // uniform ranges
};

bool in_slot(double x, double y) {
  return std::abs(x) < 0.05 && std::abs(y) < 0.4;
}

// --grid: the plate [-0.5, 0.5] x [-0.8, 0.8]. A single N means N x 8N/5
// (square cells); the default 100 is 100 x 160.
struct PlateGrid {
  void declare(po::options_description&) const {}
  Grid read(const po::variables_map& vm) const {
    const std::string text = get_string(vm, "grid");
    std::vector<int> cells = parse_grid(text, 2, 4);
    if (text.find('x') == std::string::npos) cells[1] = cells[0] * 8 / 5;
    if (cells[0] % 20 != 0 || cells[1] % 4 != 0)
      fail("--grid: {}x{} does not put the slot walls on cell faces (nx must be a multiple of 20, "
           "ny of 4; e.g. 100 = 100x160)",
           cells[0], cells[1]);
    return Grid{cells, {-0.5, -0.8}, {0.5, 0.8}};
  }
};

// --kappa constant | lognormal and the lognormal kappa's GRF (none: kappa = 1).
struct KappaOptions {
  Choice<bool> lognormal{"kappa",
                         "constant",
                         "conductivity: constant (kappa = 1) | lognormal (exp(GRF))",
                         {{"constant", false}, {"lognormal", true}}};
  GrfOptions grf{"", "lognormal kappa: ", "2", "3"};
  void declare(po::options_description& desc) const {
    lognormal.declare(desc);
    grf.declare(desc);
  }
  std::optional<GrfParameters> read(const po::variables_map& vm) const {
    if (!lognormal.read(vm)) return {};
    return grf.read(vm);
  }
};

// --<edge>-min, --<edge>-max: an edge temperature's uniform range.
struct TemperatureRange {
  std::string edge, min, max;
  const char* help;
  void declare(po::options_description& desc) const {
    add_option(desc, (edge + "-min").c_str(), min, help);
    add_option(desc, (edge + "-max").c_str(), max, "");
  }
  std::pair<double, double> read(const po::variables_map& vm) const {
    const double lo = get_double(vm, edge + "-min"), hi = get_double(vm, edge + "-max");
    if (lo > hi) fail("--{}-min: {} exceeds --{}-max {}", edge, lo, edge, hi);
    return {lo, hi};
  }
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<ThermalParameters>> thermal_options() {
  using P = ThermalParameters;
  return {into(&P::grid, PlateGrid{}),
          into(&P::kappa_grf, KappaOptions{}),
          into(&P::t_left, TemperatureRange{"t-left", "-100", "0",
                                            "left edge temperature T_left ~ U(t-left-min, "
                                            "t-left-max)"}),
          into(&P::t_right, TemperatureRange{"t-right", "0", "100",
                                             "right edge temperature T_right ~ U(t-right-min, "
                                             "t-right-max)"})};
}

class Thermal final : public FamilyWith<ThermalParameters> {
public:
  explicit Thermal(ThermalParameters p) : FamilyWith(std::move(p)), ones_(p_.grid.points(), 1.0) {
    if (p_.kappa_grf) grf_.emplace(p_.grid.cells, *p_.kappa_grf);
    inside_.resize(p_.grid.points());
    mask_.resize(p_.grid.points());
    for (int i = 0; i < p_.grid.cells[0]; ++i)
      for (int j = 0; j < p_.grid.cells[1]; ++j) {
        const bool inside = !in_slot(p_.grid.centre(0, i), p_.grid.centre(1, j));
        inside_[p_.grid.index(i, j)] = inside;
        mask_[p_.grid.index(i, j)] = inside ? 1.0 : 0.0;
        plate_cells_ += inside;
      }
  }

  std::string_view name() const override { return "thermal"; }
  bool spd() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    Sample sample(seed);
    sample.scalars["t_left"] =
        std::uniform_real_distribution<double>(p_.t_left.first, p_.t_left.second)(rng);
    sample.scalars["t_right"] =
        std::uniform_real_distribution<double>(p_.t_right.first, p_.t_right.second)(rng);
    sample.fields["mask"] = mask_;
    if (grf_) {
      std::vector<double> kappa = grf_->sample(rng);
      for (double& v : kappa) v = std::exp(v);
      sample.fields["kappa"] = std::move(kappa);
    }
    return sample;
  }

  std::vector<double> features(const Sample& sample) const override {
    std::vector<double> f;
    if (auto kappa = sample.fields.find("kappa"); kappa != sample.fields.end())
      for (std::size_t c = 0; c < inside_.size(); ++c)
        if (inside_[c]) f.push_back(std::log(kappa->second[c]));
    const double weight = std::sqrt(double(plate_cells_)) / 100.0;
    f.push_back(weight * sample.scalars.at("t_left"));
    f.push_back(weight * sample.scalars.at("t_right"));
    return f;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }

  std::optional<SystemValues> system_values(const Sample& sample, const OwnedBox& box,
                                            bool with_operator) const override {
    return diffusion_values(p_.grid, coefficients(sample), box, with_operator);
  }

  // kappa = 1: the temperatures on the edges only change b.
  bool operator_is_fixed(const Sample& sample) const override {
    return !sample.fields.count("kappa");
  }

  Fields trainer_inputs(const Sample& sample) const override {
    const int nx = p_.grid.cells[0], ny = p_.grid.cells[1];
    std::vector<double> edge(p_.grid.points(), 0.0);
    for (int j = 0; j < ny; ++j) {
      edge[p_.grid.index(0, j)] = sample.scalars.at("t_left");
      edge[p_.grid.index(nx - 1, j)] = sample.scalars.at("t_right");
    }
    Fields channels{{"boundary_temperature", std::move(edge)}, {"mask", sample.fields.at("mask")}};
    if (auto kappa = sample.fields.find("kappa"); kappa != sample.fields.end())
      channels["kappa"] = kappa->second;
    return channels;
  }

  Fields outputs(const Sample&, std::vector<double> x) const override {
    for (std::size_t c = 0; c < x.size(); ++c)
      if (!inside_[c]) x[c] = std::numeric_limits<double>::quiet_NaN();
    return single_field("solution", std::move(x));
  }

  // The slot's NaN back to the value of its decoupled rows, d T = 0.
  std::vector<double> solution(const Fields& outputs) const override {
    std::vector<double> t = Problem::solution(outputs);
    for (std::size_t c = 0; c < t.size() && c < inside_.size(); ++c)
      if (!inside_[c]) t[c] = 0.0;
    return t;
  }

private:
  // A sample may carry a "source" field (manufactured-solution tests); otherwise f = 0.
  DiffusionCoefficients coefficients(const Sample& sample) const {
    const double t_left = sample.scalars.at("t_left"), t_right = sample.scalars.at("t_right");
    const double x_left = p_.grid.lower[0];
    DiffusionCoefficients c;
    auto kappa = sample.fields.find("kappa");
    c.a = kappa == sample.fields.end() ? &ones_ : &kappa->second;
    auto source = sample.fields.find("source");
    c.source = source == sample.fields.end() ? nullptr : &source->second;
    c.constant_source = 0.0;
    c.boundary = [=](const double* p) { return p[0] == x_left ? t_left : t_right; };
    c.insulated[2] = c.insulated[3] = true; // bottom and top edges
    c.inside = &inside_;
    return c;
  }

  std::optional<GaussianRandomField> grf_;
  std::vector<double> ones_, mask_;
  std::vector<std::uint8_t> inside_;
  std::size_t plate_cells_ = 0;
};

} // namespace

ProblemFamily thermal_family() {
  return table_family<Thermal>(
      thermal_options(), "thermal",
      "-div(kappa grad T) = 0 on a plate with a slot (masked grid), random edge temperatures, SPD",
      "100",
      "boundary_temperature (T_left on the left column of cells, T_right on the right one, 0 "
      "elsewhere), kappa (lognormal only), mask (1 plate, 0 slot; the solution is 0 there)");
}

} // namespace skr
