#include "systems/petsc_binary.hpp"

#include "systems/petsc_convert.hpp"
#include "systems/source.hpp"
#include "util/error.hpp"
#include "util/files.hpp"
#include "util/limits.hpp"

#include <petscviewer.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace skr::systems {

namespace {

constexpr std::int32_t kMatClassId = 1211216; // MAT_FILE_CLASSID
constexpr std::int32_t kVecClassId = 1211214; // VEC_FILE_CLASSID

template <typename T> T from_big_endian(T value) {
  if constexpr (std::endian::native == std::endian::little) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    std::reverse(bytes, bytes + sizeof(T));
    std::memcpy(&value, bytes, sizeof(T));
  }
  return value;
}

class BinaryFile {
public:
  explicit BinaryFile(const std::string& path) : path_(path) {
    check_input_file(path, "file"); // before opening: a fifo would block
    in_.open(path, std::ios::binary);
    if (!in_) fail("cannot read '{}'", path);
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot read '{}': {}", path, ec.message());
  }
  std::uint64_t size() const { return size_; }
  std::uint64_t tell() { return static_cast<std::uint64_t>(in_.tellg()); }
  void seek(std::uint64_t offset) { in_.seekg(static_cast<std::streamoff>(offset)); }

  template <typename T> std::vector<T> read(std::uint64_t count, const char* what) {
    const std::uint64_t at = tell();
    if (count > (size_ - std::min(size_, at)) / sizeof(T))
      fail("'{}' is truncated: {} at byte {} needs {} bytes, the file has {}", path_, what, at,
           count * sizeof(T), size_ - std::min(size_, at));
    std::vector<T> values(count);
    in_.read(reinterpret_cast<char*>(values.data()),
             static_cast<std::streamsize>(count * sizeof(T)));
    if (!in_) fail("cannot read '{}' at byte {}", path_, at);
    for (auto& v : values) v = from_big_endian(v);
    return values;
  }

  // The header of a Mat or Vec: classid and sizes.
  std::vector<std::int32_t> header(std::int32_t classid, int count, const char* what) {
    const std::uint64_t at = tell();
    auto h = read<std::int32_t>(count, what);
    if (h[0] != classid)
      fail("'{}': expected a PETSc {} at byte {} (classid {}, found {})", path_, what, at, classid,
           h[0]);
    for (int k = 1; k < count; ++k)
      if (h[k] < 0) fail("'{}': negative size in the {} header at byte {}", path_, what, at);
    return h;
  }

private:
  std::string path_;
  std::ifstream in_;
  std::uint64_t size_ = 0;
};

System read_system(BinaryFile& f) {
  const auto h = f.header(kMatClassId, 4, "Mat");
  System s;
  s.A.rows = h[1];
  s.A.cols = h[2];
  const auto lengths = f.read<std::int32_t>(static_cast<std::uint64_t>(h[1]), "Mat row lengths");
  s.A.indptr.assign(lengths.size() + 1, 0);
  for (std::size_t r = 0; r < lengths.size(); ++r) s.A.indptr[r + 1] = s.A.indptr[r] + lengths[r];
  if (s.A.indptr.back() != h[3])
    fail("a Mat's row lengths add up to {}, its header says {} entries", s.A.indptr.back(), h[3]);
  const auto columns = f.read<std::int32_t>(static_cast<std::uint64_t>(h[3]), "Mat column indices");
  s.A.indices.assign(columns.begin(), columns.end());
  s.A.values = f.read<double>(static_cast<std::uint64_t>(h[3]), "Mat values");
  const auto vh = f.header(kVecClassId, 2, "Vec");
  s.b = f.read<double>(static_cast<std::uint64_t>(vh[1]), "Vec values");
  return s;
}

class PetscBinarySource final : public SystemSource {
public:
  explicit PetscBinarySource(const std::vector<std::string>& files) : files_(files) {
    // Index every system by (file, byte offset); headers give the sizes.
    for (std::size_t f = 0; f < files_.size(); ++f) {
      BinaryFile file(files_[f]);
      if (file.size() == 0) fail("'{}' is empty", files_[f]);
      while (file.tell() < file.size()) {
        const std::uint64_t start = file.tell();
        try {
          const auto h = file.header(kMatClassId, 4, "Mat");
          if (h[1] > kMaxUnknowns || h[2] > kMaxUnknowns)
            fail("'{}' at byte {}: a {} x {} Mat is too large (at most {} rows and columns)",
                 files_[f], start, h[1], h[2], kMaxUnknowns);
          if (std::int64_t(h[3]) > std::int64_t(h[1]) * std::int64_t(h[2]))
            fail("'{}' at byte {}: {} entries do not fit a {} x {} Mat", files_[f], start, h[3],
                 h[1], h[2]);
          // The header's sizes must be backed by the file before anything is
          // read or allocated by them.
          const std::uint64_t nnz = static_cast<std::uint64_t>(h[3]);
          const std::uint64_t mat_end =
              file.tell() + 4 * static_cast<std::uint64_t>(h[1]) + 12 * nnz;
          if (mat_end > file.size())
            fail("'{}' is truncated: the Mat at byte {} needs {} bytes, the file has {}", files_[f],
                 start, mat_end, file.size());
          file.seek(mat_end);
          const auto vh = file.header(kVecClassId, 2, "Vec");
          const std::uint64_t vec_end = file.tell() + 8 * static_cast<std::uint64_t>(vh[1]);
          if (vec_end > file.size())
            fail("'{}' is truncated: the Vec at byte {} needs {} bytes, the file has {}", files_[f],
                 mat_end, vec_end, file.size());
          file.seek(vec_end);
        } catch (const Error& e) {
          fail("system {}: {}", systems_.size(), e.what());
        }
        systems_.push_back({f, start});
      }
    }
  }

  std::string format() const override { return "PETSc binary"; }
  std::size_t size() const override { return systems_.size(); }
  std::string where(std::size_t i) const override {
    return location(systems_.at(i).first, systems_.at(i).second);
  }
  System read(std::size_t i) const override {
    const auto& [f, offset] = systems_.at(i);
    BinaryFile file(files_[f]);
    file.seek(offset);
    return read_system(file);
  }

private:
  std::string location(std::size_t f, std::uint64_t offset) const {
    return offset == 0 ? fmt::format("'{}'", files_[f])
                       : fmt::format("'{}' at byte {}", files_[f], offset);
  }

  std::vector<std::string> files_;
  std::vector<std::pair<std::size_t, std::uint64_t>> systems_;
};

} // namespace

std::unique_ptr<SystemSource> open_petsc_binary(const std::vector<std::string>& files) {
  return std::make_unique<PetscBinarySource>(files);
}

void write_petsc_system(const std::string& path, const System& system, bool append) {
  Handle<Mat> A;
  Handle<Vec> b;
  create_matrix(system.A, A.out());
  create_vector(system.b, b.out());
  PetscViewer viewer = nullptr;
  if (PetscViewerCreate(PETSC_COMM_SELF, &viewer) ||
      PetscViewerSetType(viewer, PETSCVIEWERBINARY) ||
      PetscViewerBinarySetSkipInfo(viewer, PETSC_TRUE) ||
      PetscViewerFileSetMode(viewer, append ? FILE_MODE_APPEND : FILE_MODE_WRITE) ||
      PetscViewerFileSetName(viewer, path.c_str())) {
    PetscViewerDestroy(&viewer);
    fail("cannot write '{}'", path);
  }
  PetscErrorCode code = MatView(A, viewer);
  if (!code) code = VecView(b, viewer); // the first error code, not a bool
  const PetscErrorCode closed = PetscViewerDestroy(&viewer);
  if (code || closed) fail("cannot write '{}' (disk full?)", path);
}

} // namespace skr::systems
