#pragma once
// Opening a fifo blocks until someone writes to it, and a directory or device
// is no input file either: check what a path is before opening it.
#include <string>
#include <string_view>

namespace skr {

// Outputs renamed into place when complete are first written as PATH
// followed by this suffix (a file, or generate's checkpoint directory).
inline constexpr std::string_view kPartialSuffix = ".partial";

// Fails unless the last component of `path`, with `suffix` appended, fits
// the file system's limit on a name (NAME_MAX, usually 255 bytes): past it
// the OS reports only "File name too long", often after the work is done.
void check_name_length(const std::string& path, const std::string& option,
                       std::string_view suffix = {});

// Throws "<what> 'path' does not exist" / "... is a directory" / "... is a
// fifo, not a regular file" unless path is (a link to) a regular file.
void check_input_file(const std::string& path, const std::string& what);

// Fails at once (before any work) unless `option`'s file `path` can be
// written in place: not empty, a name that fits, not a directory, fifo or
// device, in an existing writable directory, writable if it exists.
void check_output_file(const std::string& path, const std::string& option);

// For outputs written as PATH + kPartialSuffix and renamed over PATH:
// refuses a name too long for that temporary, a PATH that exists and is not
// a regular file (see check_replaceable) and, without overwrite, any existing
// PATH. `option` names PATH in messages.
void check_output_target(const std::string& path, bool overwrite,
                         const std::string& option = "--out");

// Moves the finished file `from` to `to` (on one file system), replacing a
// file there. An old `to` is removed first: renaming over it would make ext4
// (auto_da_alloc) write all of `from` out before the rename returns (0.3 s
// for 0.5 GB here), which a rename to a free name does not. One-line errors.
void move_into_place(const std::string& from, const std::string& to);

// Refuses a PATH that exists and is not a regular file (a directory, device,
// fifo, socket, or a link to one): a rename over it would replace it.
void check_replaceable(const std::string& path);

} // namespace skr
