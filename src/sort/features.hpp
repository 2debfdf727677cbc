#pragma once
// Feature reduction for 2-D and 3-D parameter fields: the low-frequency block
// of their Fourier transform (SKR paper: central 12 x 12 block, real +
// imaginary).
#include "sort/feature_matrix.hpp"

#include <vector>

namespace skr::sort {

// Each row holds an nx x ny field (value (i, j) at column i * ny + j),
// optionally followed by extra scalar columns. Returns one row per field with
// 2 * keep * keep values: real and imaginary parts of the coefficients with
// frequencies -keep/2 .. keep - keep/2 - 1 in each direction (x-major, then
// y, then re/im), normalised by 1 / (nx * ny) so a field cos(2 pi k i / nx)
// gives 0.5 at +-k. Extra columns past nx * ny are copied through unchanged
// after the Fourier features. Requires keep <= nx and keep <= ny.
// Rows are processed in parallel (OpenMP); the result does not depend on
// the number of threads.
FeatureMatrix fft_reduce(const FeatureMatrix& fields, int nx, int ny, int keep = 12,
                         int threads = 0);
// The same for fields of any `shape` (2-D or 3-D, value (i, j, k) at column
// (i * ny + j) * nz + k): 2 * keep^d values per row, frequencies x-major, then
// y, then z.
FeatureMatrix fft_reduce(const FeatureMatrix& fields, const std::vector<int>& shape, int keep,
                         int threads = 0);

// Appends scalars.cols columns to features, each value multiplied by weight
// (scalar parameters such as a wavenumber, weighted against the field part).
void append_scaled_columns(FeatureMatrix& features, const FeatureMatrix& scalars, double weight);

} // namespace skr::sort
