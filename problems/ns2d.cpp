// ns2d: FNO's Navier-Stokes benchmark (Li et al. 2021), vorticity form on the
// periodic unit square,
//   w_t + u . grad w = nu Laplace w + f,  u = (psi_y, -psi_x),  -Laplace psi = w,
//   f = 0.1 (sin 2 pi (x + y) + cos 2 pi (x + y)),
// advanced by the pseudo-spectral solver of src/spectral/vorticity2d.hpp
// exactly as FNO's generator does (Crank-Nicolson on viscosity, forward Euler
// on the 2/3-de-aliased advection, dt 1e-4). The implicit step is a division
// per Fourier mode: no linear system and no Krylov solver; --solver, --pc and
// the sort do not change the data.
// Random input: the initial vorticity w0, FNO's periodic GRF (alpha 2.5, tau 7)
// on the solve grid (--solve-grid, 256), re-drawn from the sample's seed.
// Stored on --grid (64; every solve-grid/grid-th point, FNO's subsampling):
// /inputs/w0 [N, X, Y] and /outputs/vorticity [N, T, X, Y], frame 0 = w0,
// a frame every --record-every steps (default: one time unit).
//
//   skr-gen generate --problem ns2d --samples 20 --viscosity 1e-4 --t-final 30
//   skr-gen generate --preset fno_ns_v1e-3 --samples 1000
#include "discretize/dmda_grid.hpp"
#include "discretize/time_problem.hpp"
#include "spectral/periodic_grf.hpp"
#include "spectral/vorticity2d.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "sampling/grf_options.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace skr {
namespace {

struct Ns2dParameters {
  Grid grid;           // stored grid, centres at the solve grid's points i / n
  int solve_n = 256;   // solve grid per axis
  double viscosity = 1e-3;
  GrfParameters grf{2.5, 7.0}; // the initial vorticity's
  bool measure = false; // FFTW_MEASURE plans (faster, not bit-reproducible)
  TimeSettings time;
};

// The stored grid's cell centres at x_i = i / m, FNO's sample points: the box
// is shifted by half a cell (periodic, so nothing else changes).
Grid point_grid(int m) {
  const double half = 0.5 / m;
  return Grid{{m, m}, {-half, -half}, {1.0 - half, 1.0 - half}};
}

// --grid: the stored grid, square, at the solve grid's points.
struct StoredGrid {
  void declare(po::options_description&) const {}
  Grid read(const po::variables_map& vm) const {
    const auto cells = parse_grid(get_string(vm, "grid"), 2, 2);
    if (cells[0] != cells[1]) fail("ns2d: --grid must be square, got {}x{}", cells[0], cells[1]);
    return point_grid(cells[0]);
  }
};

// The time options with FNO's scheme, the only one, and --record-every
// defaulting to one time unit, FNO's recording.
struct FnoTimeOptions {
  TimeOptions defaults{"1e-4", "50", "cn"};
  void declare(po::options_description& desc) const { defaults.declare(desc); }
  TimeSettings read(const po::variables_map& vm) const {
    if (parse_time_scheme(get_string(vm, "time-scheme")) != TimeScheme::cn)
      fail("ns2d: --time-scheme must be cn (FNO's scheme: Crank-Nicolson on viscosity, forward "
           "Euler on advection)");
    const double dt = get_double_in(vm, "dt", 1e-300, 1e300);
    int record_every = get_int_as<int>(vm, "record-every", 1);
    if (vm["record-every"].defaulted()) record_every = std::max(1, int(std::lround(1.0 / dt)));
    TimeSettings time =
        make_time_settings(TimeScheme::cn, dt, get_double(vm, "t-final"), record_every);
    time.stats_per_step = stats_per_step(get_string(vm, "step-stats"), time.steps);
    return time;
  }
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<Ns2dParameters>> ns2d_options() {
  using P = Ns2dParameters;
  return {
      into(&P::grid, StoredGrid{}),
      into(&P::viscosity, Number{"viscosity", "1e-3",
                                 "kinematic viscosity nu (FNO: 1e-3, 1e-4, 1e-5)", 1e-300, 1e300}),
      into(&P::solve_n,
           Integer<int>{"solve-grid", "256",
                        "points per axis of the spectral solve; --grid (stored) must divide it", 4,
                        1 << 14}),
      then<P>([](P& p) {
        const int stored = p.grid.cells[0];
        if (p.solve_n % 2 != 0) fail("--solve-grid {}: must be even", p.solve_n);
        if (p.solve_n % stored != 0)
          fail("--grid {} must divide --solve-grid {} (the stored grid is every k-th solve point)",
               stored, p.solve_n);
      }),
      into(&P::grf, GrfOptions{"", "initial vorticity ", "2.5", "7"}),
      into(&P::measure,
           Choice<bool>{"fft-plan",
                        "estimate",
                        "estimate (reproducible bit for bit) | measure (FFTW times its algorithms: "
                        "faster, but round-off, which the flow amplifies, may differ between runs)",
                        {{"estimate", false}, {"measure", true}}}),
      into(&P::time, FnoTimeOptions{})};
}

class Ns2d final : public TimeFamilyWith<Ns2dParameters> {
public:
  explicit Ns2d(Ns2dParameters p)
      : TimeFamilyWith(std::move(p)), grf_(p_.solve_n, p_.grf.alpha, p_.grf.tau) {}

  std::string_view name() const override { return "ns2d"; }

  Sample draw(std::uint64_t seed) const override {
    Sample sample(seed);
    sample.fields["w0"] = subsample(initial_vorticity(seed), p_.solve_n, stride());
    return sample;
  }

  bool advances_itself() const override { return true; }

  TrajectoryResult advance(const Sample& sample, MPI_Comm, KSP) const override {
    VorticityOptions options;
    options.n = p_.solve_n;
    options.viscosity = p_.viscosity;
    options.dt = p_.time.dt;
    // Threads pay off on large grids only: below 128^2 the barriers of the
    // per-step loops cost more than they save (batches scale by MPI ranks).
    options.threads = p_.solve_n >= 128 ? omp_get_max_threads() : 1;
    options.measure = p_.measure;
    VorticitySolver2d solver(options);
    const std::vector<double> w0 = initial_vorticity(sample.seed);
    solver.set_vorticity(w0);

    TrajectoryResult result;
    result.frames.reserve(p_.time.frames());
    result.frames.push_back(subsample(w0, p_.solve_n, stride()));
    result.steps.reserve(p_.time.steps);
    const int every = p_.time.record_every;
    for (int frame = 1; frame < p_.time.frames(); ++frame) {
      const auto start = std::chrono::steady_clock::now();
      solver.advance(every);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::vector<double> w = solver.vorticity();
      // Steps have no iterations; each gets its share of the interval's time.
      StepRecord record;
      record.seconds = seconds / every;
      const bool finite = std::all_of(w.begin(), w.end(), [](double v) { return std::isfinite(v); });
      if (!finite) {
        // Blown up (dt too large for the flow): the interval's steps fail and
        // the trajectory ends; the pipeline stores the missing frames as NaN.
        record.converged = false;
        record.rel_residual = std::numeric_limits<double>::quiet_NaN();
        record.reason = -1;
        result.steps.insert(result.steps.end(), every, record);
        break;
      }
      result.frames.push_back(subsample(w, p_.solve_n, stride()));
      result.steps.insert(result.steps.end(), every, record);
    }
    return result;
  }

  Fields outputs(const Sample&, std::vector<double> x) const override {
    return single_field("vorticity", std::move(x));
  }
  std::vector<double> solution(const Fields& outputs) const override {
    return outputs.at("vorticity");
  }

  // No linear system: the tools that would assemble one are refused by name.
  // The shapes exist (a state on the stored grid) for the pipeline's set-up.
  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b);
  }
  void initial_state(const Sample&, Vec) const override { no_system(); }
  bool operator_changes_in_time() const override { return false; }
  void assemble_operator(const Sample&, double, Mat) const override { no_system(); }
  void assemble_forcing(const Sample&, double, Vec, Vec) const override { no_system(); }

private:
  int stride() const { return p_.solve_n / p_.grid.cells[0]; }

  std::vector<double> initial_vorticity(std::uint64_t seed) const {
    std::mt19937_64 rng(seed);
    return grf_.sample(rng);
  }

  [[noreturn]] static void no_system() {
    fail("ns2d advances itself with FFTs (its implicit step is diagonal in Fourier space): "
         "it has no linear system to solve, export or estimate");
  }

  PeriodicGrf grf_;
};

} // namespace

ProblemFamily ns2d_family() {
  return table_family<Ns2d>(
      ns2d_options(), "ns2d",
      "FNO's Navier-Stokes (vorticity, periodic, time-dependent): pseudo-spectral FFTW solver, "
      "no linear system and no Krylov solver (the implicit step is diagonal in Fourier space); "
      "--record-every unset means one frame per time unit (1 / dt steps)",
      "64", "w0");
}

} // namespace skr
