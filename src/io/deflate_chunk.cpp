#include "io/deflate_chunk.hpp"

#include "util/error.hpp"

#include <zlib.h>

#include <array>
#include <charconv>
#include <cmath>
#include <memory>

namespace skr {

Compression parse_field_compression(const std::string& text) {
  if (text == "none") return {0, false};
  if (text == "gzip:fast") return {1, true};
  if (text == "gzip") return {4, false};
  int level = -1;
  if (text.rfind("gzip:", 0) == 0) {
    const auto [end, ec] = std::from_chars(text.data() + 5, text.data() + text.size(), level);
    if (ec != std::errc() || end != text.data() + text.size()) level = -1;
  }
  if (level < 0 || level > 9)
    fail("--compression: '{}' is not gzip:fast, gzip:N (N in 0..9) or none", text);
  return {level, false};
}

std::string to_string(const Compression& c) {
  if (!c.enabled()) return "none";
  return c.fast ? "gzip:fast" : "gzip:" + std::to_string(c.level);
}

namespace {

// HDF5's shuffle: byte 0 of every value, then byte 1 of every value...
// (read in order, written to N sequential streams).
template <std::size_t N>
void shuffle_bytes(const unsigned char* in, std::size_t count, unsigned char* out) {
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t b = 0; b < N; ++b) out[b * count + i] = in[i * N + b];
}

// Shannon entropy of a byte plane's histogram, in bits per byte: what
// Huffman coding alone can reach (8 = noise, as the low mantissa bytes are).
double bits_per_byte(const unsigned char* bytes, std::size_t n) {
  std::array<std::size_t, 256> count{};
  for (std::size_t i = 0; i < n; ++i) ++count[bytes[i]];
  double bits = 0;
  for (const std::size_t k : count)
    if (k > 0) bits -= double(k) * std::log2(double(k) / double(n));
  return n > 0 ? bits / double(n) : 0;
}

// Above this a plane is taken for noise and stored: deflate saved at most
// 1.2% of such planes on heat's frames (docs/PERFORMANCE.md).
constexpr double kNoiseBits = 7.8;
// Below this, runs alone (Z_RLE) compress a plane as well as LZ77 does, and faster.
constexpr double kRunsBits = 4;

} // namespace

std::vector<unsigned char> shuffle_deflate(const void* values, std::size_t count,
                                           std::size_t value_size, const Compression& c) {
  const auto* in = static_cast<const unsigned char*>(values);
  const std::size_t bytes = count * value_size;
  std::vector<unsigned char> shuffled(bytes);
  switch (value_size) { // a known size unrolls the inner loop: ~10x faster
  case 4: shuffle_bytes<4>(in, count, shuffled.data()); break;
  case 8: shuffle_bytes<8>(in, count, shuffled.data()); break;
  default: fail("internal: cannot shuffle {}-byte values", value_size);
  }

  z_stream stream{};
  // zlib's format with a 32 KiB window and memLevel 8, as HDF5's compress2 writes.
  if (deflateInit2(&stream, c.level, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    fail("cannot start zlib at level {}", c.level);
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&stream, deflateEnd);
  // Room for the bound, plus the empty blocks that end each change of level.
  std::vector<unsigned char> out(deflateBound(&stream, uLong(bytes)) + 64 * value_size);
  stream.next_out = out.data();
  stream.avail_out = uInt(out.size());
  // One pass over the whole chunk, or (fast) one per byte plane, each as it
  // deserves: a plane of noise is stored as it is, a plane of few values
  // (exponents) is mostly runs, the others need LZ77's matches.
  const std::size_t planes = c.fast ? value_size : 1, plane_bytes = bytes / planes;
  int level = c.level, strategy = Z_DEFAULT_STRATEGY;
  for (std::size_t p = 0; p < planes; ++p) {
    unsigned char* plane = shuffled.data() + p * plane_bytes;
    int wanted_level = c.level, wanted_strategy = Z_DEFAULT_STRATEGY;
    if (c.fast) {
      const double bits = bits_per_byte(plane, plane_bytes);
      if (bits > kNoiseBits) wanted_level = 0;
      if (bits < kRunsBits) wanted_strategy = Z_RLE;
    }
    if ((wanted_level != level || wanted_strategy != strategy) &&
        deflateParams(&stream, wanted_level, wanted_strategy) != Z_OK)
      fail("zlib could not change its level");
    level = wanted_level;
    strategy = wanted_strategy;
    stream.next_in = plane;
    stream.avail_in = uInt(plane_bytes);
    const int flush = p + 1 == planes ? Z_FINISH : Z_NO_FLUSH;
    if (deflate(&stream, flush) != (flush == Z_FINISH ? Z_STREAM_END : Z_OK) ||
        stream.avail_in != 0)
      fail("zlib could not compress a chunk");
  }
  out.resize(stream.total_out);
  return out;
}

} // namespace skr
