#include "util/files.hpp"

#include "util/error.hpp"

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

} // namespace

void check_input_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec); // follows links
  if (!fs::exists(status)) fail("{} '{}' does not exist", what, path);
  if (fs::is_regular_file(status)) return;
  fail("{} '{}' is {}, not a regular file", what, path, kind_of(status));
}

void check_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) fail("{}: empty file name", option);
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::exists(status) && !fs::is_regular_file(status))
    fail("{}: '{}' is {}, not a file to write", option, path, kind_of(status));
  const fs::path file(path);
  const fs::path parent = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_directory(parent, ec))
    fail("{}: directory '{}' does not exist", option, parent.string());
  if (::access(parent.c_str(), W_OK) != 0)
    fail("{}: cannot write to directory '{}'", option, parent.string());
  if (fs::exists(status) && ::access(path.c_str(), W_OK) != 0)
    fail("{}: cannot overwrite '{}'", option, path);
}

void check_output_target(const std::string& path, bool overwrite) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec); // follows links
  if (!fs::exists(status)) return;
  if (fs::is_directory(status)) fail("output '{}' is a directory", path);
  if (!fs::is_regular_file(status))
    fail("output '{}' exists and is {}: refusing to replace it (give a regular file name)", path,
         kind_of(status));
  if (!overwrite) fail("output '{}' already exists (use --overwrite to replace it)", path);
}

} // namespace skr
