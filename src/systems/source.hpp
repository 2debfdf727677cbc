#pragma once
// A sequence of systems (A_i, b_i) read from files, in their given order:
// file names in natural order (A_2 before A_10), then order within a file.
//
//   open_systems("dir/A_*.mtx")   Matrix Market, b from the matching b_*.mtx
//   open_systems("dir/")          every file of a directory (PETSc binary, or
//                                 the A*.mtx files when it holds .mtx files)
//   open_systems("seq.petsc")     PETSc binary, Mat,Vec,Mat,Vec,... to the end
//   open_systems("sys.h5")        HDF5 (systems/h5_systems.hpp)
#include "sort/feature_matrix.hpp"
#include "systems/system.hpp"

#include <memory>
#include <optional>
#include <string>

namespace skr::systems {

class SystemSource {
public:
  virtual ~SystemSource() = default;
  virtual std::string format() const = 0; // "Matrix Market", "PETSc binary", "HDF5"
  virtual std::size_t size() const = 0;
  // Where system i comes from, for messages: "'dir/A_3.mtx'".
  virtual std::string where(std::size_t i) const = 0;
  // System i as stored (unchecked: use load_system).
  virtual System read(std::size_t i) const = 0;
  // Only b_i (cheaper for formats that store it apart).
  virtual std::vector<double> read_rhs(std::size_t i) const { return read(i).b; }
  // Sorting features provided with the systems, if any.
  virtual std::optional<sort::FeatureMatrix> features() const { return std::nullopt; }
};

// format: "auto" (from the path), "mtx", "petsc" or "h5". Errors name the path.
std::unique_ptr<SystemSource> open_systems(const std::string& source,
                                           const std::string& format = "auto");

// read(i) + check_system; every error starts with "system i".
System load_system(const SystemSource& source, std::size_t i);
std::vector<double> load_rhs(const SystemSource& source, std::size_t i, std::size_t rows);

// "a2" < "a10": digit runs compare as numbers.
bool natural_less(const std::string& a, const std::string& b);

} // namespace skr::systems
