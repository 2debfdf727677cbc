#pragma once
// Principal component analysis of a feature matrix: centre, covariance,
// symmetric eigensolver (LAPACK), projection on the leading eigenvectors.
#include "sort/feature_matrix.hpp"

#include <cstddef>
#include <vector>

namespace skr::sort {

struct Pca {
  std::vector<double> mean;      // d
  FeatureMatrix components;      // p x d, orthonormal rows, by decreasing variance
  std::vector<double> variances; // p eigenvalues of the covariance, decreasing
};

// Fits p components (p is clamped to d). The covariance is estimated from at
// most max_rows rows, taken at an even stride (all rows when rows <=
// max_rows), so fitting stays cheap for millions of samples. Each
// eigenvector's sign is fixed so that its largest-magnitude component is
// positive. Deterministic regardless of the number of threads.
Pca fit_pca(const FeatureMatrix& features, int p, std::size_t max_rows = 50000, int threads = 0);

// rows x p coordinates of the features in the PCA basis.
FeatureMatrix pca_project(const Pca& pca, const FeatureMatrix& features, int threads = 0);

// rows x d points mean + coordinates * components.
FeatureMatrix pca_reconstruct(const Pca& pca, const FeatureMatrix& coordinates);

// fit_pca + pca_project.
FeatureMatrix pca_reduce(const FeatureMatrix& features, int p, int threads = 0);

} // namespace skr::sort
