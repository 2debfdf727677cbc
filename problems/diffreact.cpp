// diffreact: PDEBench's 2-D diffusion-reaction set (FitzHugh-Nagumo), a
// trajectory per sample, two fields:
//   u_t = Du Laplace(u) + u - u^3 - k - v,
//   v_t = Dv Laplace(v) + u - v            on [-1, 1]^2, no-flux walls,
// PDEBench's parameters by default (Du = 1e-3, Dv = 5e-3, k = 5e-3, t in [0, 5],
// 128^2 cells) and initial condition: u0, v0 standard normal noise per cell
// (--ic-scale times it). PDEBench stores 101 frames: --record-every 5 at the
// default dt = 0.01.
//
// Discretization: cell-centred 5-point finite volumes, zero flux through the
// walls, both fields in one system (a DMDA with two uncoupled fields per cell,
// interleaved). Diffusion is implicit and the reaction explicit (IMEX): the
// generic stepper (src/discretize/time_stepper.hpp) evaluates f = (u - u^3 - k - v,
// u - v) at the state extrapolated to the new time, so the splitting is
// designed for order 1 with --time-scheme be (IMEX Euler) and order 2 with cn
// (Crank-Nicolson, extrapolated end point) and bdf2 (SBDF2); tested in
// tests/problems/time_families_test.cpp against a manufactured solution.
// The matrix I + c dt L is SPD and fixed in time (a factor-once direct solve,
// a kept preconditioner); the explicit reaction limits dt: its Jacobian
// 1 - 3u^2 is about -50 on the initial noise, so dt <= 0.02 or so (SBDF2, CN:
// about half that).
// --reaction linearized: a linearised implicit step instead. The diagonal of
// the reaction's Jacobian at the extrapolated state u*, D = diag(1 - 3u*^2, -1),
// goes into the operator, L - D, and the rest, f(u*) - D u* = (2u*^3 - k - v*,
// u*), stays explicit; the u-v coupling (the Jacobian's off-diagonal -1, +1)
// stays explicit too, which keeps the matrix symmetric: I + c dt (L - D) is
// SPD for c dt < 1 (D <= 1), so --dt < 1 is required. The stiff term is now
// implicit, the matrix changes every step (no factor-once), and the orders
// are unchanged (a consistent splitting for any D frozen over a step).
// Measured (scripts/diffreact_stability.py, 32^2, t = 2): explicit blows up
// beyond dt 0.05 with every scheme; linearised, be and bdf2 stay bounded up
// to dt 0.5 (the largest tried), cn up to 0.1 (it is not L-stable).
// Stored: /inputs/u0, /inputs/v0 [N, nx, ny]; /outputs/u, /outputs/v [N, T, nx, ny].
// The noise makes samples unrelated: sorting cannot help, reuse across steps can.
//
//   skr-gen generate --problem diffreact --samples 100 --record-every 5
//   skr-gen generate --problem diffreact --grid 64 --t-final 1 --time-scheme bdf2 --dt 0.005
#include "discretize/discretize_options.hpp"
#include "discretize/dmda_grid.hpp"
#include "discretize/time_problem.hpp"
#include "util/choice.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <array>
#include <random>

namespace skr {
namespace {

constexpr int kFields = 2; // u, v per cell, interleaved

struct DiffReactParameters {
  Grid grid;
  TimeSettings time;
  std::array<double, kFields> diffusion{1e-3, 5e-3}; // Du, Dv
  double k = 5e-3;
  double ic_scale = 1.0;
  bool linearized = false; // --reaction linearized
};

// out = fn(u, v) cell by cell from the interleaved state (local: no ghosts needed).
template <class Fn>
void per_cell(Vec state, Vec out, Fn fn) {
  const PetscScalar* s = nullptr;
  PetscScalar* o = nullptr;
  PetscInt size = 0;
  SKR_PETSC(VecGetLocalSize(state, &size));
  SKR_PETSC(VecGetArrayRead(state, &s));
  SKR_PETSC(VecGetArray(out, &o));
  for (PetscInt m = 0; m + 1 < size; m += kFields) {
    const std::array<double, kFields> value = fn(s[m], s[m + 1]);
    o[m] = value[0];
    o[m + 1] = value[1];
  }
  SKR_PETSC(VecRestoreArray(out, &o));
  SKR_PETSC(VecRestoreArrayRead(state, &s));
}

// --du, --dv: the two fields' diffusion coefficients.
struct DiffusionOptions {
  Number du{"du", "1e-3", "diffusion coefficient of u (PDEBench: 1e-3)", 0, 1e6};
  Number dv{"dv", "5e-3", "diffusion coefficient of v (PDEBench: 5e-3)", 0, 1e6};
  void declare(po::options_description& desc) const {
    du.declare(desc);
    dv.declare(desc);
  }
  std::array<double, kFields> read(const po::variables_map& vm) const {
    return {du.read(vm), dv.read(vm)};
  }
};

// The options, each read into its member (util/option_table.hpp).
std::vector<OptionRow<DiffReactParameters>> diffreact_options() {
  using P = DiffReactParameters;
  return {
      into(&P::grid, BoxGrid{2, 2, -1.0, 1.0}),
      into(&P::diffusion, DiffusionOptions{}),
      into(&P::k, Number{"k", "5e-3", "reaction constant k of u - u^3 - k - v (PDEBench: 5e-3)",
                         -1e6, 1e6}),
      into(&P::ic_scale,
           Number{"ic-scale", "1", "u0, v0 = ic-scale * standard normal noise per cell", 0, 1e6}),
      into(&P::linearized,
           Choice<bool>{"reaction",
                        "explicit",
                        "explicit (IMEX: f at the extrapolated state) | linearized (the "
                        "Jacobian's diagonal at the extrapolated state implicit: stable to 10x "
                        "larger dt with be and bdf2, 2x with cn; needs --dt < 1)",
                        {{"explicit", false}, {"linearized", true}}}),
      into(&P::time, TimeOptions{"0.01", "5"}),
      then<P>([](P& p) {
        if (p.linearized && !(p.time.dt < 1))
          fail("--reaction linearized: needs --dt < 1 (I + dt (L - D) is SPD only then), got {}",
               p.time.dt);
      })};
}

class DiffReact final : public TimeFamilyWith<DiffReactParameters> {
public:
  explicit DiffReact(DiffReactParameters p) : TimeFamilyWith(std::move(p)) {}

  std::string_view name() const override { return "diffreact"; }
  bool spd() const override { return true; } // I + c L, L a Neumann Laplacian per field
  // Linearised: L - D(u*) follows the state, every step.
  bool operator_changes_in_time() const override { return p_.linearized; }
  bool forcing_changes_in_time() const override { return false; }
  bool forcing_depends_on_state() const override { return true; }

  Sample draw(std::uint64_t seed) const override {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, p_.ic_scale);
    Sample sample(seed);
    for (const char* name : {"u0", "v0"}) {
      std::vector<double> noise(p_.grid.points());
      for (double& v : noise) v = normal(rng);
      sample.fields[name] = std::move(noise);
    }
    return sample;
  }

  void create_system(MPI_Comm comm, Mat* A, Vec* b) const override {
    create_dmda_system(comm, p_.grid, A, b, kFields);
  }

  void initial_state(const Sample& sample, Vec u) const override {
    scatter_from_storage(solution({{"u", sample.fields.at("u0")}, {"v", sample.fields.at("v0")}}),
                         u);
  }

  // L = -diag(Du, Dv) Laplace with zero flux through the walls.
  void assemble_operator(const Sample&, double, Mat L) const override {
    DM dm = nullptr;
    SKR_PETSC(MatGetDM(L, &dm));
    const OwnedBox box = owned_box(dm);
    SKR_PETSC(MatZeroEntries(L));
    const int nx = p_.grid.cells[0], ny = p_.grid.cells[1];
    const std::array<double, 2> inv_h2{1 / (p_.grid.spacing(0) * p_.grid.spacing(0)),
                                       1 / (p_.grid.spacing(1) * p_.grid.spacing(1))};
    for (int i = box.i0; i < box.i1; ++i)
      for (int j = box.j0; j < box.j1; ++j)
        for (int field = 0; field < kFields; ++field) {
          std::array<MatStencil, 5> columns;
          std::array<PetscScalar, 5> values;
          int count = 1;
          double diagonal = 0;
          const std::array<std::array<int, 3>, 4> neighbours{
              {{i - 1, j, 0}, {i + 1, j, 0}, {i, j - 1, 1}, {i, j + 1, 1}}};
          for (const auto& [ni, nj, axis] : neighbours) {
            if (ni < 0 || ni >= nx || nj < 0 || nj >= ny) continue; // wall: no flux
            const double t = p_.diffusion[field] * inv_h2[axis];
            diagonal += t;
            columns[count] = stencil_at(2, ni, nj);
            columns[count].c = field;
            values[count++] = -t;
          }
          columns[0] = stencil_at(2, i, j);
          columns[0].c = field;
          values[0] = diagonal;
          SKR_PETSC(MatSetValuesStencil(L, 1, &columns[0], count, columns.data(), values.data(),
                                        INSERT_VALUES));
        }
    SKR_PETSC(MatAssemblyBegin(L, MAT_FINAL_ASSEMBLY));
    SKR_PETSC(MatAssemblyEnd(L, MAT_FINAL_ASSEMBLY));
  }

  // Linearised: L - D(u) with D = diag(1 - 3u^2, -1), the reaction Jacobian's diagonal.
  void assemble_operator_at(const Sample& sample, double t, Vec state, Mat L) const override {
    assemble_operator(sample, t, L);
    if (!p_.linearized) return;
    Handle<Vec> minus_d;
    SKR_PETSC(VecDuplicate(state, minus_d.out()));
    per_cell(state, minus_d, [](double u, double) { return std::array{3 * u * u - 1, 1.0}; });
    SKR_PETSC(MatDiagonalSet(L, minus_d, ADD_VALUES));
  }

  // The reaction at state s = (u, v) of each cell (interleaved, so local);
  // linearised, the part not in the operator: f(s) - D(s) s.
  void assemble_forcing(const Sample&, double, Vec state, Vec f) const override {
    const double k = p_.k;
    if (p_.linearized) // u - u^3 - k - v - (1 - 3u^2) u,  u - v - (-1) v
      per_cell(state, f, [k](double u, double v) { return std::array{2 * u * u * u - k - v, u}; });
    else
      per_cell(state, f, [k](double u, double v) { return std::array{u - u * u * u - k - v, u - v}; });
  }

  Fields outputs(const Sample&, std::vector<double> x) const override {
    Fields out{{"u", std::vector<double>(x.size() / kFields)},
               {"v", std::vector<double>(x.size() / kFields)}};
    for (std::size_t m = 0; m < x.size() / kFields; ++m) {
      out["u"][m] = x[kFields * m];
      out["v"][m] = x[kFields * m + 1];
    }
    return out;
  }

  std::vector<double> solution(const Fields& outputs) const override {
    const auto& u = outputs.at("u");
    const auto& v = outputs.at("v");
    std::vector<double> x(kFields * u.size());
    for (std::size_t m = 0; m < u.size(); ++m) {
      x[kFields * m] = u[m];
      x[kFields * m + 1] = v[m];
    }
    return x;
  }
};

} // namespace

ProblemFamily diffreact_family() {
  return table_family<DiffReact>(
      diffreact_options(), "diffreact",
      "PDEBench's 2-D FitzHugh-Nagumo: u_t = Du Lap u + u - u^3 - k - v, v_t = Dv Lap v + u - v "
      "on [-1,1]^2, no flux, noise initial state; implicit diffusion, explicit or linearised "
      "implicit reaction (--reaction); "
      "trajectories of two fields",
      "128", "u0, v0");
}

} // namespace skr
