#pragma once
// HDF5 files of systems, in one of two layouts:
//   groups:  /systems/<i>/{indptr, indices, data, b}  (CSR per system; groups
//            in natural order of their names; optional integer attribute
//            `cols` when a matrix is not square)
//   compact: /pattern/{indptr, indices}, /values [N, nnz], /rhs [N, n]
//            (one sparsity pattern shared by every system)
// and optionally /features [N, d], the sorting features of each system.
#include "sort/feature_matrix.hpp"
#include "systems/system.hpp"

#include <memory>
#include <string>
#include <vector>

namespace skr::systems {

class SystemSource;

std::unique_ptr<SystemSource> open_h5_systems(const std::string& path);

enum class H5Layout { groups, compact };

// Writes the systems (compact: they must share one pattern) and, when
// features is non-null, /features.
void write_h5_systems(const std::string& path, const std::vector<System>& systems, H5Layout layout,
                      const sort::FeatureMatrix* features = nullptr);

} // namespace skr::systems
