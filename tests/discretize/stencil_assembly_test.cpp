// Assembly by value into the fixed stencil pattern (set_stencil_values) gives
// exactly the matrix of the per-entry insertion it replaced: same pattern,
// same values bit for bit, same right-hand side, for every coefficient
// feature the families use (plain and 3-D diffusion, reaction, source,
// Dirichlet values, insulated sides, a cell mask; both convection schemes).
#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/diffusion_fv.hpp"
#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"
#include "util/petsc_handle.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <random>

namespace {

using skr::Grid;

// The insertion before the fixed pattern (MatSetValuesStencil per row),
// kept as the reference: rows in the same arithmetic order.
void reference_diffusion(const Grid& grid, const skr::DiffusionCoefficients& c, Mat A, Vec b) {
  const int dims = grid.dims();
  const auto& a = *c.a;
  auto is_inside = [&](int i, int j, int k) {
    return !c.inside || (*c.inside)[grid.index(i, j, k)];
  };
  SKR_PETSC(MatZeroEntries(A));
  std::array<double, 3> inv_h2{};
  for (int axis = 0; axis < dims; ++axis)
    inv_h2[axis] = 1.0 / (grid.spacing(axis) * grid.spacing(axis));
  std::vector<double> rhs_all(grid.points());
  for (int i = 0; i < grid.cells[0]; ++i)
    for (int j = 0; j < grid.cells[1]; ++j)
      for (int k = 0; k < (dims == 3 ? grid.cells[2] : 1); ++k) {
        const std::array<int, 3> cell{i, j, k};
        const double aP = a[grid.index(i, j, k)];
        std::array<MatStencil, 7> columns;
        std::array<PetscScalar, 7> values;
        if (!is_inside(i, j, k)) {
          double d = 0;
          for (int axis = 0; axis < dims; ++axis) d += 2.0 * aP * inv_h2[axis];
          columns[0] = skr::stencil_at(dims, i, j, k);
          values[0] = d;
          SKR_PETSC(MatSetValuesStencil(A, 1, &columns[0], 1, &columns[0], &values[0],
                                        INSERT_VALUES));
          continue;
        }
        double diagonal = c.reaction;
        double rhs = c.source ? (*c.source)[grid.index(i, j, k)] : c.constant_source;
        int count = 1;
        for (int axis = 0; axis < dims; ++axis)
          for (int side : {-1, 1}) {
            std::array<int, 3> nb = cell;
            nb[axis] += side;
            if (nb[axis] < 0 || nb[axis] >= grid.cells[axis]) {
              if (c.insulated[2 * axis + (side > 0)]) continue;
              const double t = 2.0 * aP * inv_h2[axis];
              diagonal += t;
              if (c.boundary) {
                std::array<double, 3> face{};
                for (int d = 0; d < dims; ++d) face[d] = grid.centre(d, cell[d]);
                face[axis] = side < 0 ? grid.lower[axis] : grid.upper[axis];
                rhs += t * c.boundary(face.data());
              }
              continue;
            }
            if (!is_inside(nb[0], nb[1], nb[2])) continue;
            const double aN = a[grid.index(nb[0], nb[1], nb[2])];
            const double t = 2.0 * aP * aN / (aP + aN) * inv_h2[axis];
            diagonal += t;
            columns[count] = skr::stencil_at(dims, nb[0], nb[1], nb[2]);
            values[count++] = -t;
          }
        columns[0] = skr::stencil_at(dims, i, j, k);
        values[0] = diagonal;
        SKR_PETSC(MatSetValuesStencil(A, 1, &columns[0], count, columns.data(), values.data(),
                                      INSERT_VALUES));
        rhs_all[grid.index(i, j, k)] = rhs;
      }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  skr::scatter_from_storage(rhs_all, b);
}

void reference_convection_diffusion(const Grid& grid,
                                    const skr::ConvectionDiffusionCoefficients& c, Mat A, Vec b) {
  const int nx = grid.cells[0], ny = grid.cells[1];
  const skr::FaceVelocities& v = *c.velocity;
  SKR_PETSC(MatZeroEntries(A));
  auto weights = [&](double out, double delta) -> std::array<double, 2> {
    const double d = c.eps / delta;
    if (c.scheme == skr::ConvectionScheme::upwind)
      return {d + std::max(out, 0.0), d + std::max(-out, 0.0)};
    const double z = out * delta / c.eps;
    return {d * skr::bernoulli(-z), d * skr::bernoulli(z)};
  };
  std::vector<double> rhs_all(grid.points());
  for (int i = 0; i < nx; ++i)
    for (int j = 0; j < ny; ++j) {
      const std::array<std::array<double, 4>, 4> faces{{
          {-1, 0, -v.x[std::size_t(i) * ny + j], grid.spacing(0)},
          {+1, 0, v.x[std::size_t(i + 1) * ny + j], grid.spacing(0)},
          {0, -1, -v.y[std::size_t(i) * (ny + 1) + j], grid.spacing(1)},
          {0, +1, v.y[std::size_t(i) * (ny + 1) + j + 1], grid.spacing(1)},
      }};
      std::array<MatStencil, 5> columns;
      std::array<PetscScalar, 5> values;
      double diagonal = 0;
      int count = 1;
      for (const auto& [di, dj, out, h] : faces) {
        const int ni = i + int(di), nj = j + int(dj);
        const bool boundary = ni < 0 || ni >= nx || nj < 0 || nj >= ny;
        const auto [wP, wN] = weights(out, boundary ? h / 2 : h);
        diagonal += wP / h;
        if (boundary) continue;
        columns[count] = skr::stencil_at(2, ni, nj);
        values[count++] = -wN / h;
      }
      columns[0] = skr::stencil_at(2, i, j);
      values[0] = diagonal;
      SKR_PETSC(MatSetValuesStencil(A, 1, &columns[0], count, columns.data(), values.data(),
                                    INSERT_VALUES));
      rhs_all[grid.index(i, j)] = c.source ? (*c.source)[grid.index(i, j)] : c.constant_source;
    }
  SKR_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  SKR_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  skr::scatter_from_storage(rhs_all, b);
}

// Same CSR pattern and the same values (==, so only -0 and 0 may differ in sign).
void check_identical(Mat A, Mat B) {
  PetscInt rows_a = 0, rows_b = 0;
  const PetscInt *ia = nullptr, *ja = nullptr, *ib = nullptr, *jb = nullptr;
  PetscBool done = PETSC_FALSE;
  SKR_PETSC(MatGetRowIJ(A, 0, PETSC_FALSE, PETSC_FALSE, &rows_a, &ia, &ja, &done));
  REQUIRE(done);
  SKR_PETSC(MatGetRowIJ(B, 0, PETSC_FALSE, PETSC_FALSE, &rows_b, &ib, &jb, &done));
  REQUIRE(done);
  REQUIRE(rows_a == rows_b);
  const PetscInt nnz = ia[rows_a];
  REQUIRE(ib[rows_b] == nnz);
  CHECK(std::equal(ia, ia + rows_a + 1, ib));
  CHECK(std::equal(ja, ja + nnz, jb));
  const PetscScalar *va = nullptr, *vb = nullptr;
  SKR_PETSC(MatSeqAIJGetArrayRead(A, &va));
  SKR_PETSC(MatSeqAIJGetArrayRead(B, &vb));
  PetscInt differing = 0;
  for (PetscInt e = 0; e < nnz; ++e) differing += !(va[e] == vb[e]);
  CHECK(differing == 0);
  SKR_PETSC(MatSeqAIJRestoreArrayRead(A, &va));
  SKR_PETSC(MatSeqAIJRestoreArrayRead(B, &vb));
  SKR_PETSC(MatRestoreRowIJ(A, 0, PETSC_FALSE, PETSC_FALSE, &rows_a, &ia, &ja, &done));
  SKR_PETSC(MatRestoreRowIJ(B, 0, PETSC_FALSE, PETSC_FALSE, &rows_b, &ib, &jb, &done));
}

void check_vectors_identical(Vec a, Vec b) {
  const auto x = skr::gather_to_storage(a), y = skr::gather_to_storage(b);
  REQUIRE(x.size() == y.size());
  CHECK(std::equal(x.begin(), x.end(), y.begin()));
}

std::vector<double> random_field(std::size_t n, unsigned seed, double low, double high) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(low, high);
  std::vector<double> v(n);
  for (double& x : v) x = uniform(rng);
  return v;
}

// Assembles with both paths, twice over the same matrices (the second
// sample overwrites the first), and compares.
template <class Assemble, class Reference>
void compare(const Grid& grid, Assemble assemble, Reference reference) {
  skr::Handle<Mat> A, R;
  skr::Handle<Vec> b, r;
  skr::create_dmda_system(PETSC_COMM_SELF, grid, A.out(), b.out());
  skr::create_dmda_system(PETSC_COMM_SELF, grid, R.out(), r.out());
  for (unsigned sample = 0; sample < 2; ++sample) {
    assemble(sample, A.get(), b.get());
    reference(sample, R.get(), r.get());
    check_identical(A, R);
    check_vectors_identical(b, r);
  }
}

void compare_diffusion(const Grid& grid, skr::DiffusionCoefficients base) {
  std::vector<double> a;
  auto coefficients = [&](unsigned sample) {
    a = random_field(grid.points(), 10 + sample, 0.1, 10.0);
    skr::DiffusionCoefficients c = base;
    c.a = &a;
    return c;
  };
  compare(
      grid,
      [&](unsigned s, Mat A, Vec b) { skr::assemble_diffusion(grid, coefficients(s), A, b); },
      [&](unsigned s, Mat A, Vec b) { reference_diffusion(grid, coefficients(s), A, b); });
}

} // namespace

TEST_CASE("stencil assembly: diffusion equals the per-entry insertion, every feature") {
  const Grid square = skr::unit_box({7, 5}), cube = skr::unit_box({4, 3, 5});
  SUBCASE("darcy, heat, darcy-t: plain coefficient, 2-D and 3-D") {
    compare_diffusion(square, {});
    compare_diffusion(cube, {});
  }
  SUBCASE("helmholtz, poisson: reaction and a source field") {
    const auto source = random_field(square.points(), 3, -1.0, 1.0);
    skr::DiffusionCoefficients c;
    c.reaction = -40.0;
    c.source = &source;
    compare_diffusion(square, c);
  }
  SUBCASE("thermal: Dirichlet values, insulated sides, a cell mask") {
    std::vector<std::uint8_t> inside(square.points(), 1);
    for (int j = 1; j < 4; ++j) inside[square.index(3, j)] = 0; // a slot
    inside[square.index(0, 0)] = 0;                              // a corner
    skr::DiffusionCoefficients c;
    c.boundary = [](const double* p) { return p[0] < 0.5 ? 1.0 : -2.0 + p[1]; };
    c.insulated[2] = c.insulated[3] = true;
    c.inside = &inside;
    compare_diffusion(square, c);
  }
}

TEST_CASE("stencil assembly: convection-diffusion equals the per-entry insertion") {
  const Grid grid = skr::unit_box({6, 8});
  for (auto scheme : {skr::ConvectionScheme::upwind, skr::ConvectionScheme::scharfetter_gummel}) {
    CAPTURE(int(scheme));
    skr::FaceVelocities v;
    std::vector<double> source;
    auto coefficients = [&](unsigned sample) {
      const auto psi = random_field(grid.points(), 20 + sample, -30.0, 30.0);
      v = skr::curl_of_stream_function(grid, psi);
      source = random_field(grid.points(), 30 + sample, 0.0, 1.0);
      skr::ConvectionDiffusionCoefficients c;
      c.eps = 1e-2;
      c.velocity = &v;
      c.source = &source;
      c.scheme = scheme;
      return c;
    };
    compare(
        grid,
        [&](unsigned s, Mat A, Vec b) {
          skr::assemble_convection_diffusion(grid, coefficients(s), A, b);
        },
        [&](unsigned s, Mat A, Vec b) {
          reference_convection_diffusion(grid, coefficients(s), A, b);
        });
  }
}

TEST_CASE("stencil assembly: a value list that does not match the pattern is an error") {
  const Grid grid = skr::unit_box({4, 4});
  skr::Handle<Mat> A;
  skr::Handle<Vec> b;
  skr::create_dmda_system(PETSC_COMM_SELF, grid, A.out(), b.out());
  // 16 diagonals + 2 * 2 * 4 * 3 neighbour slots = 64 entries.
  CHECK_THROWS(skr::set_stencil_values(A, std::vector<PetscScalar>(63, 1.0)));
  CHECK_NOTHROW(skr::set_stencil_values(A, std::vector<PetscScalar>(64, 1.0)));
}
