#pragma once
// Size limits shared by every input path.
#include <cstdint>
#include <limits>

namespace skr {

// The most unknowns (grid points, matrix rows and columns) a system may have:
// PetscInt is 32-bit here, and a matrix holds ~(2 dims + 1) entries per row.
inline constexpr std::int64_t kMaxUnknowns = 100'000'000;
static_assert(kMaxUnknowns <= std::numeric_limits<std::int32_t>::max());

} // namespace skr
