#include "systems/source.hpp"

#include "systems/h5_systems.hpp"
#include "systems/mtx.hpp"
#include "systems/petsc_binary.hpp"
#include "util/error.hpp"
#include "util/files.hpp"

#include <glob.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace skr::systems {

namespace fs = std::filesystem;

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && digit(a[i2])) ++i2;
      while (j2 < b.size() && digit(b[j2])) ++j2;
      std::string x = a.substr(i, i2 - i), y = b.substr(j, j2 - j);
      x.erase(0, std::min(x.find_first_not_of('0'), x.size()));
      y.erase(0, std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i2;
      j = j2;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j || (a.size() - i == b.size() - j && a < b);
}

namespace {

bool has_extension(const std::string& path, std::initializer_list<const char*> extensions) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return std::any_of(extensions.begin(), extensions.end(), [&](const char* e) { return ext == e; });
}

std::vector<std::string> sorted(std::vector<std::string> files) {
  std::sort(files.begin(), files.end(), natural_less);
  return files;
}

// A chosen file that is no regular file (a fifo, a device) is refused, not
// skipped: skipping it would silently solve fewer systems than were named.
// `origin` (how the files were chosen) follows the error in parentheses.
std::vector<std::string> checked_files(std::vector<std::string> files,
                                       const std::string& origin = "") {
  for (const auto& f : files) {
    try {
      check_input_file(f, "file");
    } catch (const Error& e) {
      fail("--systems: {}{}", e.what(), origin.empty() ? "" : fmt::format(" ({})", origin));
    }
  }
  return sorted(std::move(files));
}

std::vector<std::string> glob_files(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> files;
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
    for (std::size_t k = 0; k < g.gl_pathc; ++k) files.push_back(g.gl_pathv[k]);
  globfree(&g);
  if (files.empty()) fail("--systems: '{}' matches no files", pattern);
  return checked_files(std::move(files), fmt::format("matched by '{}'", pattern));
}

std::vector<std::string> directory_files(const std::string& dir) {
  std::vector<std::string> files;
  // Subdirectories are skipped; a fifo, device or socket is refused below
  // if it would be read as a system.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir))
    if (!entry.is_directory(ec) && !has_extension(entry.path().string(), {".info", ".txt", ".md"}))
      files.push_back(entry.path().string());
  if (files.empty()) fail("--systems: directory '{}' holds no system files", dir);
  const bool any_mtx =
      std::any_of(files.begin(), files.end(), [](auto& f) { return has_extension(f, {".mtx"}); });
  auto checked = [&dir](std::vector<std::string> chosen) {
    return checked_files(std::move(chosen), fmt::format("in the systems directory '{}'", dir));
  };
  if (!any_mtx) return checked(std::move(files));
  std::vector<std::string> matrices;
  for (const auto& f : files) {
    const std::string name = fs::path(f).filename().string();
    if (has_extension(f, {".mtx"}) && (name[0] == 'A' || name[0] == 'a')) matrices.push_back(f);
  }
  if (matrices.empty())
    fail("--systems: directory '{}' holds .mtx files but no matrices named A*.mtx", dir);
  return checked(std::move(matrices));
}

// dir/A_3.mtx -> dir/b_3.mtx (or B_3.mtx).
std::string rhs_path(const std::string& matrix) {
  const fs::path p(matrix);
  std::string name = p.filename().string();
  if (name.empty() || (name[0] != 'A' && name[0] != 'a'))
    fail("'{}': cannot name its right-hand side (matrices are A*.mtx, right-hand sides b*.mtx)",
         matrix);
  for (char letter : {'b', 'B'}) {
    name[0] = letter;
    const fs::path candidate = p.parent_path() / name;
    if (fs::exists(candidate)) return candidate.string();
  }
  name[0] = 'b';
  fail("the right-hand side '{}' of '{}' does not exist", (p.parent_path() / name).string(),
       matrix);
}

class MtxSource final : public SystemSource {
public:
  explicit MtxSource(std::vector<std::string> matrices) : matrices_(std::move(matrices)) {
    for (std::size_t i = 0; i < matrices_.size(); ++i) {
      try {
        rhs_.push_back(rhs_path(matrices_[i]));
      } catch (const Error& e) {
        fail("system {}: {}", i, e.what());
      }
    }
  }
  std::string format() const override { return "Matrix Market"; }
  std::size_t size() const override { return matrices_.size(); }
  std::string where(std::size_t i) const override { return fmt::format("'{}'", matrices_.at(i)); }
  System read(std::size_t i) const override {
    System s;
    s.A = read_mtx_matrix(matrices_.at(i));
    // b's length is checked against A before b is allocated.
    s.b = read_mtx_vector(rhs_.at(i), s.A.rows);
    return s;
  }
  std::vector<double> read_rhs(std::size_t i) const override { return read_mtx_vector(rhs_.at(i)); }

private:
  std::vector<std::string> matrices_, rhs_;
};

std::string detect_format(const std::vector<std::string>& files) {
  if (has_extension(files.front(), {".mtx"})) return "mtx";
  if (has_extension(files.front(), {".h5", ".hdf5"})) return "h5";
  return "petsc";
}

} // namespace

std::unique_ptr<SystemSource> open_systems(const std::string& source, const std::string& format) {
  if (format != "auto" && format != "mtx" && format != "petsc" && format != "h5")
    fail("--format: '{}' is not auto, mtx, petsc or h5", format);
  if (source.empty()) fail("--systems is required (a directory, a file pattern or a file)");
  std::vector<std::string> files;
  if (source.find_first_of("*?[") != std::string::npos)
    files = glob_files(source);
  else if (fs::is_directory(source))
    files = directory_files(source);
  else if (fs::exists(source))
    files = checked_files({source});
  else
    fail("--systems: '{}' does not exist", source);
  const std::string kind = format == "auto" ? detect_format(files) : format;
  if (kind == "mtx") return std::make_unique<MtxSource>(files);
  if (kind == "petsc") return open_petsc_binary(files);
  if (files.size() != 1)
    fail("--systems: HDF5 systems come in one file, '{}' names {}", source, files.size());
  return open_h5_systems(files.front());
}

System load_system(const SystemSource& source, std::size_t i) {
  System s;
  try {
    s = source.read(i);
  } catch (const Error& e) {
    fail("system {}: {}", i, e.what());
  }
  check_system(s, fmt::format("system {} ({})", i, source.where(i)));
  return s;
}

std::vector<double> load_rhs(const SystemSource& source, std::size_t i, std::size_t rows) {
  std::vector<double> b;
  try {
    b = source.read_rhs(i);
  } catch (const Error& e) {
    fail("system {}: {}", i, e.what());
  }
  check_rhs(b, static_cast<std::int64_t>(rows), fmt::format("system {} ({})", i, source.where(i)));
  return b;
}

} // namespace skr::systems
