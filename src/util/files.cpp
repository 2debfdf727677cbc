#include "util/files.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <climits>
#include <unistd.h>

#include <filesystem>

namespace skr {

namespace fs = std::filesystem;

namespace {

const char* kind_of(const fs::file_status& status) {
  if (fs::is_directory(status)) return "a directory";
  if (fs::is_fifo(status)) return "a fifo";
  if (fs::is_socket(status)) return "a socket";
  if (fs::is_character_file(status) || fs::is_block_file(status)) return "a device";
  return "not a regular file";
}

fs::path parent_directory(const fs::path& file) {
  return file.parent_path().empty() ? fs::path(".") : file.parent_path();
}

// The longest name the file system holding `dir` takes (NAME_MAX where it
// cannot say, e.g. dir does not exist yet).
std::size_t name_limit(const fs::path& dir) {
  const long limit = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  return limit > 0 ? static_cast<std::size_t>(limit) : NAME_MAX;
}

// A long name cut to its start and end, to keep the error on one line.
std::string abbreviated(const std::string& name) {
  constexpr std::size_t kKeep = 20;
  if (name.size() <= 2 * kKeep + 3) return name;
  return name.substr(0, kKeep) + "..." + name.substr(name.size() - kKeep);
}

} // namespace

void check_name_length(const std::string& path, const std::string& option,
                       std::string_view suffix) {
  const fs::path file(path);
  const std::string name = file.filename().string();
  const std::size_t limit = name_limit(parent_directory(file));
  if (name.size() + suffix.size() <= limit) return;
  if (suffix.empty())
    fail("{}: file name '{}' is {} bytes long, over the file system's limit of {} bytes", option,
         abbreviated(name), name.size(), limit);
  fail("{}: file name '{}' is {} bytes long; at most {} fit (the file system's limit of {} bytes, "
       "less {} for the temporary '{}' name)",
       option, abbreviated(name), name.size(), limit - std::min(limit, suffix.size()), limit,
       suffix.size(), suffix);
}

void check_input_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec); // follows links
  if (!fs::exists(status)) fail("{} '{}' does not exist", what, path);
  if (fs::is_regular_file(status)) return;
  fail("{} '{}' is {}, not a regular file", what, path, kind_of(status));
}

void check_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) fail("{}: empty file name", option);
  check_name_length(path, option);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_regular_file(status))
    fail("{}: '{}' is {}, not a file to write", option, path, kind_of(status));
  const fs::path parent = parent_directory(path);
  if (!fs::is_directory(parent, ec))
    fail("{}: directory '{}' does not exist", option, parent.string());
  if (::access(parent.c_str(), W_OK) != 0)
    fail("{}: cannot write to directory '{}'", option, parent.string());
  if (fs::exists(status) && ::access(path.c_str(), W_OK) != 0)
    fail("{}: cannot overwrite '{}'", option, path);
}

void check_output_target(const std::string& path, bool overwrite, const std::string& option) {
  check_name_length(path, option, kPartialSuffix);
  check_replaceable(path);
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec))
    fail("output '{}' already exists (use --overwrite to replace it)", path);
}

void move_into_place(const std::string& from, const std::string& to) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(from, ec)))
    fail("cannot move '{}' to '{}': it is not a file", from, to); // before `to` goes
  if (fs::remove(to, ec); ec) fail("cannot replace '{}': {}", to, ec.message());
  if (fs::rename(from, to, ec); ec) fail("cannot move '{}' to '{}': {}", from, to, ec.message());
}

void check_replaceable(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec); // follows links
  if (!fs::exists(status)) return;
  if (fs::is_directory(status)) fail("output '{}' is a directory", path);
  if (!fs::is_regular_file(status))
    fail("output '{}' exists and is {}: refusing to replace it (give a regular file name)", path,
         kind_of(status));
}

} // namespace skr
