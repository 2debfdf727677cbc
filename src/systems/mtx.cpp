#include "systems/mtx.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace skr::systems {

namespace {

struct Header {
  bool coordinate = false;
  bool symmetric = false;
  std::int64_t rows = 0, cols = 0, entries = 0;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Reads the banner, comments and size line; leaves `in` at the first entry.
class Reader {
public:
  explicit Reader(const std::string& path) : path_(path), in_(path) {
    if (!in_) fail("cannot read '{}'", path);
  }

  Header header() {
    std::string line;
    if (!next_line(line, false)) fail("'{}': empty file, expected a Matrix Market banner", path_);
    std::istringstream banner(lower(line));
    std::string tag, object, format, field, symmetry;
    banner >> tag >> object >> format >> field >> symmetry;
    if (tag != "%%matrixmarket" || object != "matrix")
      fail("'{}' line 1: not a Matrix Market matrix file (expected '%%MatrixMarket matrix ...')",
           path_);
    if (format != "coordinate" && format != "array")
      fail("'{}' line 1: unknown format '{}'", path_, format);
    if (field != "real" && field != "integer" && field != "double")
      fail("'{}' line 1: field '{}' is not supported (real or integer only)", path_, field);
    if (symmetry != "general" && symmetry != "symmetric")
      fail("'{}' line 1: symmetry '{}' is not supported (general or symmetric only)", path_,
           symmetry);
    Header h;
    h.coordinate = format == "coordinate";
    h.symmetric = symmetry == "symmetric";
    if (!next_line(line, true)) fail("'{}': missing the size line", path_);
    std::istringstream size(line);
    size >> h.rows >> h.cols;
    if (h.coordinate)
      size >> h.entries;
    else
      h.entries = h.rows * h.cols;
    if (!size || h.rows < 0 || h.cols < 0 || h.entries < 0)
      fail("'{}' line {}: bad size line '{}'", path_, line_, line);
    if (h.symmetric && h.rows != h.cols)
      fail("'{}': a symmetric matrix must be square ({} x {})", path_, h.rows, h.cols);
    return h;
  }

  // The next data line split into `count` numbers (the last one a value).
  void entry(std::int64_t* ints, int count_ints, double* value) {
    std::string line;
    if (!next_line(line, true))
      fail("'{}': file ends after {} of its entries", path_, entries_read_);
    const char* p = line.c_str();
    char* end = nullptr;
    for (int k = 0; k < count_ints; ++k) {
      ints[k] = std::strtoll(p, &end, 10);
      if (end == p) fail("'{}' line {}: expected an index in '{}'", path_, line_, line);
      p = end;
    }
    *value = std::strtod(p, &end);
    if (end == p) fail("'{}' line {}: expected a number in '{}'", path_, line_, line);
    ++entries_read_;
  }

  const std::string& path() const { return path_; }
  long long line() const { return line_; }

private:
  bool next_line(std::string& line, bool skip_comments) {
    while (std::getline(in_, line)) {
      ++line_;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!skip_comments) return true;
      const auto first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '%') continue;
      return true;
    }
    return false;
  }

  std::string path_;
  std::ifstream in_;
  long long line_ = 0;
  long long entries_read_ = 0;
};

Csr read_coordinate(Reader& reader, const Header& h) {
  std::vector<Triplet> entries;
  entries.reserve(static_cast<std::size_t>(h.entries) * (h.symmetric ? 2 : 1));
  for (std::int64_t k = 0; k < h.entries; ++k) {
    std::int64_t ij[2];
    double v = 0;
    reader.entry(ij, 2, &v);
    if (ij[0] < 1 || ij[0] > h.rows || ij[1] < 1 || ij[1] > h.cols)
      fail("'{}' line {}: index ({}, {}) outside the {} x {} matrix", reader.path(), reader.line(),
           ij[0], ij[1], h.rows, h.cols);
    entries.push_back({ij[0] - 1, ij[1] - 1, v});
    if (h.symmetric && ij[0] != ij[1]) entries.push_back({ij[1] - 1, ij[0] - 1, v});
  }
  return csr_from_triplets(h.rows, h.cols, std::move(entries));
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::unique_ptr<std::FILE, FileCloser> open_for_writing(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "w"));
  if (!f) fail("cannot write '{}'", path);
  return f;
}

} // namespace

Csr read_mtx_matrix(const std::string& path) {
  Reader reader(path);
  const Header h = reader.header();
  if (!h.coordinate)
    fail("'{}': a matrix must be in coordinate format (array is for right-hand sides)", path);
  return read_coordinate(reader, h);
}

std::vector<double> read_mtx_vector(const std::string& path) {
  Reader reader(path);
  const Header h = reader.header();
  if (h.rows != 1 && h.cols != 1)
    fail("'{}': a right-hand side must have one column, not {} x {}", path, h.rows, h.cols);
  const std::int64_t n = std::max(h.rows, h.cols);
  if (h.coordinate) {
    const Csr column = read_coordinate(reader, h);
    std::vector<double> b(static_cast<std::size_t>(n), 0.0);
    for (std::int64_t r = 0; r < column.rows; ++r)
      for (auto k = column.indptr[r]; k < column.indptr[r + 1]; ++k)
        b[h.cols == 1 ? r : column.indices[k]] = column.values[k];
    return b;
  }
  std::vector<double> b(static_cast<std::size_t>(n));
  for (auto& v : b) reader.entry(nullptr, 0, &v);
  return b;
}

void write_mtx_matrix(const std::string& path, const Csr& A) {
  auto f = open_for_writing(path);
  std::fprintf(f.get(), "%%%%MatrixMarket matrix coordinate real general\n%lld %lld %zu\n",
               (long long)A.rows, (long long)A.cols, A.nnz());
  for (std::int64_t r = 0; r < A.rows; ++r)
    for (auto k = A.indptr[r]; k < A.indptr[r + 1]; ++k)
      std::fprintf(f.get(), "%lld %lld %.17g\n", (long long)r + 1, (long long)A.indices[k] + 1,
                   A.values[k]);
  if (std::fflush(f.get()) != 0) fail("cannot write '{}' (disk full?)", path);
}

void write_mtx_vector(const std::string& path, const std::vector<double>& b) {
  auto f = open_for_writing(path);
  std::fprintf(f.get(), "%%%%MatrixMarket matrix array real general\n%zu 1\n", b.size());
  for (double v : b) std::fprintf(f.get(), "%.17g\n", v);
  if (std::fflush(f.get()) != 0) fail("cannot write '{}' (disk full?)", path);
}

} // namespace skr::systems
