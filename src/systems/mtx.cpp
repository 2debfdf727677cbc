#include "systems/mtx.hpp"

#include "systems/source.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/limits.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string_view>

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

// Splits `line` at blanks (spaces, tabs).
std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (true) {
    at = line.find_first_not_of(" \t", at);
    if (at == std::string_view::npos) return out;
    const std::size_t end = std::min(line.find_first_of(" \t", at), line.size());
    out.push_back(line.substr(at, end - at));
    at = end;
  }
}

bool parse_int(std::string_view token, std::int64_t* value) {
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *value);
  return ec == std::errc() && end == token.data() + token.size();
}

bool parse_double(std::string_view token, double* value) {
  const std::string text(token);
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end != text.c_str() && *end == '\0';
}

// Reads the banner, comments and size line; leaves `in` at the first entry.
// Nothing is allocated from a header before it is checked against the file:
// every declared entry needs a line of its own in it.
class Reader {
public:
  explicit Reader(const std::string& path) : path_(path) {
    check_input_file(path, "file");
    in_.open(path);
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
    if (!in_ || ec) fail("cannot read '{}'", path);
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
    const auto t = tokens(line);
    const std::size_t expected = h.coordinate ? 3 : 2;
    if (t.size() != expected || !parse_int(t[0], &h.rows) || !parse_int(t[1], &h.cols) ||
        (h.coordinate && !parse_int(t[2], &h.entries)))
      fail("'{}' line {}: bad size line '{}' (expected {})", path_, line_, line,
           h.coordinate ? "'rows columns entries'" : "'rows columns'");
    if (h.rows < 1 || h.cols < 1)
      fail("'{}' line {}: bad size line '{}': the matrix must have at least one row and column",
           path_, line_, line);
    if (h.rows > kMaxUnknowns || h.cols > kMaxUnknowns)
      fail("'{}' line {}: a {} x {} matrix is too large (at most {} rows and columns)", path_,
           line_, h.rows, h.cols, kMaxUnknowns);
    if (!h.coordinate) h.entries = h.rows * h.cols;
    if (h.entries < 0 || h.entries > h.rows * h.cols)
      fail("'{}' line {}: {} entries do not fit a {} x {} matrix", path_, line_, h.entries, h.rows,
           h.cols);
    // Each entry takes at least "i j v\n" (coordinate) or "v\n" (array).
    const std::uint64_t at = static_cast<std::uint64_t>(std::max<std::streamoff>(in_.tellg(), 0));
    const std::uint64_t left = size_ > at ? size_ - at : 0;
    const std::uint64_t min_line = h.coordinate ? 6 : 2;
    if (static_cast<std::uint64_t>(h.entries) > (left + 1) / min_line)
      fail("'{}' line {}: the size line declares {} entries but the {} bytes after it hold at "
           "most {}",
           path_, line_, h.entries, left, (left + 1) / min_line);
    if (h.symmetric && h.rows != h.cols)
      fail("'{}': a symmetric matrix must be square ({} x {})", path_, h.rows, h.cols);
    declared_ = h.entries;
    return h;
  }

  // The next data line: exactly `count_ints` indices and a value.
  void entry(std::int64_t* ints, int count_ints, double* value) {
    std::string line;
    if (!next_line(line, true))
      fail("'{}': the file ends at line {} after {} of the {} entries its size line declares",
           path_, line_, entries_read_, declared_);
    const auto t = tokens(line);
    if (t.size() != static_cast<std::size_t>(count_ints) + 1)
      fail("'{}' line {}: expected {} numbers ({}), found {} in '{}'", path_, line_, count_ints + 1,
           count_ints ? "row column value" : "one value", t.size(), line);
    for (int k = 0; k < count_ints; ++k)
      if (!parse_int(t[k], &ints[k]))
        fail("'{}' line {}: expected an index in '{}'", path_, line_, line);
    if (!parse_double(t[count_ints], value))
      fail("'{}' line {}: expected a number in '{}'", path_, line_, line);
    ++entries_read_;
  }

  // After the last declared entry: only comments and blank lines may follow.
  void finish() {
    std::string line;
    if (next_line(line, true))
      fail("'{}' line {}: more entries than the {} its size line declares", path_, line_,
           declared_);
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
  std::uint64_t size_ = 0;
  long long line_ = 0;
  long long entries_read_ = 0;
  long long declared_ = 0;
};

// matrix: refuse (before the row offsets are allocated, so that a size line
// alone cannot claim memory) fewer entries than rows: an empty row makes a
// matrix singular.
Csr read_coordinate(Reader& reader, const Header& h, bool matrix) {
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
  reader.finish();
  if (matrix && static_cast<std::int64_t>(entries.size()) < h.rows)
    fail("'{}': {} entries cannot give each of the {} rows one (the matrix would be singular)",
         reader.path(), entries.size(), h.rows);
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
  return read_coordinate(reader, h, true);
}

std::vector<double> read_mtx_vector(const std::string& path, std::int64_t expected_rows) {
  Reader reader(path);
  const Header h = reader.header();
  if (h.rows != 1 && h.cols != 1)
    fail("'{}': a right-hand side must have one column, not {} x {}", path, h.rows, h.cols);
  const std::int64_t n = std::max(h.rows, h.cols);
  if (expected_rows >= 0 && n != expected_rows)
    fail("the right-hand side '{}' has {} entries but the matrix has {} rows", path, n,
         expected_rows);
  if (h.coordinate) {
    const Csr column = read_coordinate(reader, h, false);
    std::vector<double> b(static_cast<std::size_t>(n), 0.0);
    for (std::int64_t r = 0; r < column.rows; ++r)
      for (auto k = column.indptr[r]; k < column.indptr[r + 1]; ++k)
        b[h.cols == 1 ? r : column.indices[k]] = column.values[k];
    return b;
  }
  std::vector<double> b(static_cast<std::size_t>(n));
  for (auto& v : b) reader.entry(nullptr, 0, &v);
  reader.finish();
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
