#pragma once
// Opening a fifo blocks until someone writes to it, and a directory or device
// is no input file either: check what a path is before opening it.
#include <string>

namespace skr {

// Throws "<what> 'path' does not exist" / "... is a directory" / "... is a
// fifo, not a regular file" unless path is (a link to) a regular file.
void check_input_file(const std::string& path, const std::string& what);

// Fails at once (before any work) unless `option`'s file `path` can be
// written in place: not empty, not a directory, fifo or device, in an
// existing writable directory, writable if it exists.
void check_output_file(const std::string& path, const std::string& option);

// For outputs written under a temporary name and renamed over PATH: refuses
// a PATH that exists and is not a regular file (a directory, device, fifo,
// socket, or a link to one) even with overwrite, since the rename would
// replace it; without overwrite, refuses any existing PATH.
void check_output_target(const std::string& path, bool overwrite);

} // namespace skr
