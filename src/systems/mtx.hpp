#pragma once
// Matrix Market files, a documented subset:
//   matrices: "%%MatrixMarket matrix coordinate real|integer general|symmetric"
//             (symmetric: the lower triangle is stored and expanded to both);
//   vectors:  "%%MatrixMarket matrix array real|integer general" with one
//             column (or row), or a coordinate n x 1 (or 1 x n) matrix.
// Indices are 1-based; duplicate entries are summed; '%' lines are comments.
// Errors name the file and the line. Sizes are at most 1e8 rows and columns,
// entry counts must match the size line and fit in the file, and every row
// of a matrix needs an entry, so a header alone cannot claim memory.
#include "systems/system.hpp"

#include <string>
#include <vector>

namespace skr::systems {

Csr read_mtx_matrix(const std::string& path);
// expected_rows >= 0: refuse (before reading) a vector of another length.
std::vector<double> read_mtx_vector(const std::string& path, std::int64_t expected_rows = -1);

// Coordinate real general, and array real general (n x 1); 17 digits.
void write_mtx_matrix(const std::string& path, const Csr& A);
void write_mtx_vector(const std::string& path, const std::vector<double>& b);

} // namespace skr::systems
