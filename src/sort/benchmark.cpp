#include "sort/benchmark.hpp"

#include "sort/sorter.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <numbers>
#include <ostream>
#include <random>
#include <string>

namespace skr::sort {

FeatureMatrix synthetic_curve_features(std::size_t n, std::size_t dim, std::size_t curves,
                                       double noise, std::uint64_t seed) {
  constexpr int kModes = 4;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  curves = std::max<std::size_t>(curves, 1);
  // coef[c][m][j]: curve c, mode m (cos and sin), coordinate j.
  std::vector<double> coef(curves * 2 * kModes * dim);
  for (std::size_t c = 0; c < curves; ++c)
    for (int m = 0; m < 2 * kModes; ++m)
      for (std::size_t j = 0; j < dim; ++j)
        coef[(c * 2 * kModes + static_cast<std::size_t>(m)) * dim + j] = g(rng) / (1 + m / 2);
  FeatureMatrix f(n, dim);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = static_cast<std::size_t>(u(rng) * static_cast<double>(curves)) % curves;
    const double t = u(rng);
    double* x = f.row(i);
    for (int m = 0; m < kModes; ++m) {
      const double cs = std::cos(std::numbers::pi * (m + 1) * t);
      const double sn = std::sin(std::numbers::pi * (m + 1) * t);
      const double* a = coef.data() + (c * 2 * kModes + 2 * static_cast<std::size_t>(m)) * dim;
      const double* b = a + dim;
      for (std::size_t j = 0; j < dim; ++j) x[j] += a[j] * cs + b[j] * sn;
    }
    for (std::size_t j = 0; j < dim; ++j) x[j] += noise * g(rng);
  }
  return f;
}

void run_benchmark(std::ostream& out, const std::vector<std::size_t>& sizes, int dim,
                   const BenchmarkOptions& options) {
  out << fmt::format("{:>9} {:<28} {:>9} {:>9} {:>14} {:>9} {:>9}\n", "N", "method", "seconds",
                     "cpu s", "path length", "/blockgr", "/random");
  for (std::size_t n : sizes) {
    const FeatureMatrix f = synthetic_curve_features(n, static_cast<std::size_t>(dim),
                                                     options.curves, options.noise, options.seed);
    const double random = random_path_length(f, options.seed);

    struct Row {
      std::string name;
      double seconds, cpu, length;
    };
    std::vector<Row> rows;
    auto run = [&](const std::string& name, SortOptions o) {
      o.threads = options.threads;
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock(); // CPU time of all threads
      const auto order = sort(f, o);
      const double c = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      rows.push_back({name, s, c, path_length(f, order)});
      return rows.back().length;
    };

    SortOptions ref;
    ref.method = Method::hilbert;
    ref.block_size = std::min(options.reference_block, n);
    ref.two_opt = false;
    const double reference = options.reference_block > 0
                                 ? run(fmt::format("block-greedy B={} (ref)", ref.block_size), ref)
                                 : NAN;
    if (n <= options.greedy_max_n) {
      SortOptions g;
      g.method = Method::greedy;
      run("greedy (full)", g);
    }
    SortOptions h;
    h.method = Method::hilbert;
    h.block_size = options.block_size;
    h.two_opt = false;
    run(fmt::format("hilbert B={}", h.block_size), h);
    h.two_opt = true;
    run(fmt::format("hilbert B={} +2opt", h.block_size), h);
    run("auto (the default)", SortOptions{});

    out << fmt::format("{:>9} {:<28} {:>9} {:>9} {:>14.6g} {:>9} {:>9.4f}\n", n, "random", "-", "-",
                       random, "-", 1.0);
    for (const Row& r : rows)
      out << fmt::format("{:>9} {:<28} {:>9.3f} {:>9.3f} {:>14.6g} {:>9.4f} {:>9.4f}\n", n, r.name,
                         r.seconds, r.cpu, r.length, r.length / reference, r.length / random);
    out.flush();
  }
}

} // namespace skr::sort
