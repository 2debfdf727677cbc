#pragma once
// One chunk compressed as HDF5's shuffle + deflate filters store it, by zlib
// on our side of H5Dwrite_chunk: any HDF5 reader (h5py included) decodes it
// through its usual filters. Doing it here lets us deflate float fields
// faster than HDF5's filter can ("gzip:fast"): each shuffled byte plane on
// its own, as its entropy says: the planes of mantissa noise stored as they
// are, the nearly constant ones (exponents) with runs only (zlib's Z_RLE),
// the others at the chosen level. Measured in docs/PERFORMANCE.md, "Fast deflate".
#include <cstddef>
#include <string>
#include <vector>

namespace skr {

// What `--compression` selects for the stored fields.
struct Compression {
  int level = 1;    // zlib level; 0 = stored raw
  bool fast = true; // per byte plane, as above (the whole chunk at `level` otherwise)
  bool enabled() const { return level > 0; }
};

// Parses "gzip:fast", "gzip:N" (N in 0..9), "gzip" (level 4) or "none".
Compression parse_field_compression(const std::string& text);
// The inverse, as --compression takes it.
std::string to_string(const Compression& compression);

// The bytes HDF5 stores for a chunk of `count` values of `value_size` bytes
// each under shuffle then deflate (compression.enabled() must hold).
std::vector<unsigned char> shuffle_deflate(const void* values, std::size_t count,
                                           std::size_t value_size, const Compression& compression);

} // namespace skr
