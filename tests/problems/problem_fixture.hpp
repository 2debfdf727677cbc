#pragma once
// Test helpers for PDE families: build a family from option words, solve a
// system directly (LU), and measure discretization errors and orders.
#include "discretize/dmda_grid.hpp"
#include "problems/registry.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace skr::test {

// make_problem("darcy", {"--grid", "16", "--coeff", "lognormal"})
inline std::unique_ptr<Problem> make_problem(const std::string& name,
                                             std::vector<std::string> words) {
  const auto& family = find_problem_family(name);
  po::options_description desc;
  desc.add(family.options());
  add_option(desc, "grid", family.default_grid, "");
  po::variables_map vm;
  po::store(po::command_line_parser(words).options(desc).run(), vm);
  po::notify(vm);
  return family.make(vm);
}

// Samples drawn from seeds first, first + 1, ... (n of them).
inline std::vector<Sample> draw_samples(const Problem& problem, std::size_t n,
                                        std::uint64_t first) {
  std::vector<Sample> samples;
  for (std::size_t i = 0; i < n; ++i) samples.push_back(problem.draw(first + i));
  return samples;
}

// Solves sample's system with KSPPREONLY + LU (or `ksp_type` + `pc_type`)
// and returns x in storage order.
inline std::vector<double> solve_sample(const Problem& problem, const Sample& sample,
                                        const char* ksp_type = KSPPREONLY,
                                        const char* pc_type = PCLU, double rtol = 1e-12) {
  Handle<Mat> A;
  Handle<Vec> b, x;
  problem.create_system(PETSC_COMM_SELF, A.out(), b.out());
  problem.assemble(sample, A, b);
  SKR_PETSC(VecDuplicate(b, x.out()));
  Handle<KSP> ksp;
  SKR_PETSC(KSPCreate(PETSC_COMM_SELF, ksp.out()));
  SKR_PETSC(KSPSetOperators(ksp, A, A));
  SKR_PETSC(KSPSetType(ksp, ksp_type));
  PC pc;
  SKR_PETSC(KSPGetPC(ksp, &pc));
  SKR_PETSC(PCSetType(pc, pc_type));
  SKR_PETSC(KSPSetTolerances(ksp, rtol, 1e-300, PETSC_DEFAULT, 100000));
  SKR_PETSC(KSPSolve(ksp, b, x));
  return gather_to_storage(x);
}

// RMS (discrete L2) difference between x and exact(cell centre) over the grid.
inline double l2_error(const Grid& grid, const std::vector<double>& x,
                       const std::function<double(const double*)>& exact) {
  double sum = 0;
  std::size_t count = 0;
  for (int i = 0; i < grid.cells[0]; ++i)
    for (int j = 0; j < grid.cells[1]; ++j)
      for (int k = 0; k < (grid.dims() == 3 ? grid.cells[2] : 1); ++k) {
        double p[3] = {grid.centre(0, i), grid.centre(1, j),
                       grid.dims() == 3 ? grid.centre(2, k) : 0.0};
        const double e = x[grid.index(i, j, k)] - exact(p);
        if (std::isnan(e)) continue; // cells outside a masked domain
        sum += e * e;
        ++count;
      }
  return std::sqrt(sum / double(count));
}

// Observed orders log2(e_h / e_{h/2}) for errors on grids refined by 2.
inline std::vector<double> observed_orders(const std::vector<double>& errors) {
  std::vector<double> orders;
  for (std::size_t i = 1; i < errors.size(); ++i)
    orders.push_back(std::log2(errors[i - 1] / errors[i]));
  return orders;
}

// ||a - b|| / ||a|| (2-norms), infinite when a = 0.
inline double relative_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    norm += a[i] * a[i];
  }
  return norm > 0 ? std::sqrt(diff / norm) : INFINITY;
}

// Fills a field with f(cell centre).
inline std::vector<double> cell_field(const Grid& grid,
                                      const std::function<double(const double*)>& f) {
  std::vector<double> v(grid.points());
  for (int i = 0; i < grid.cells[0]; ++i)
    for (int j = 0; j < grid.cells[1]; ++j)
      for (int k = 0; k < (grid.dims() == 3 ? grid.cells[2] : 1); ++k) {
        double p[3] = {grid.centre(0, i), grid.centre(1, j),
                       grid.dims() == 3 ? grid.centre(2, k) : 0.0};
        v[grid.index(i, j, k)] = f(p);
      }
  return v;
}

} // namespace skr::test
