// CompressionTasks: the writer streams a batch's chunks in order while a
// helper compresses from the end; each chunk is compressed once, into the
// bytes the layout stores for it; after retire() a helper reads no rows;
// misuse is an error.
#include <doctest/doctest.h>

#include "io/compression_tasks.hpp"
#include "io/dataset_writer.hpp"

#include <cmath>
#include <memory>
#include <thread>
#include <vector>

using namespace skr;

namespace {

constexpr std::size_t kChunk = 16 * 24;

// A 2-D schema of 16 x 24 cells, stored as float with gzip:fast.
DatasetSchema small_schema() {
  DatasetSchema schema;
  schema.grid.cells = {16, 24};
  schema.grid.lower = {0, 0};
  schema.grid.upper = {1, 1};
  return schema;
}

// Rows of `frames` smooth frames each, different per row.
std::vector<std::vector<double>> rows_of(std::size_t rows, std::size_t frames) {
  std::vector<std::vector<double>> out(rows, std::vector<double>(frames * kChunk));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < out[r].size(); ++i)
      out[r][i] = std::sin(0.01 * double(i) * double(r + 1)) + 1e-7 * double(i % 7);
  return out;
}

// What the layout stores for chunk c of `row`.
std::vector<unsigned char> expected(const DatasetSchema& schema, const std::vector<double>& row,
                                    std::size_t c) {
  return compress_field_chunk(row.data() + c * kChunk, kChunk, false, schema.compression);
}

} // namespace

TEST_CASE("compression tasks: writer and helper side by side store what one thread stores") {
  const DatasetSchema schema = small_schema();
  const auto rows = rows_of(40, 3); // frames: three chunks a row
  std::vector<RowChunks> chunks(rows.size());
  CompressionTasks tasks(schema);
  for (std::size_t r = 0; r < rows.size(); ++r) tasks.add(rows[r], chunks[r]);
  std::thread helper([&] { tasks.help([] { return true; }); });
  std::vector<unsigned char> scratch;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    REQUIRE(chunks[r].count == 3);
    CHECK(chunks[r].chunk_values == kChunk);
    for (std::size_t c = 0; c < 3; ++c)
      CHECK(tasks.take(chunks[r], c, scratch) == expected(schema, rows[r], c));
  }
  helper.join();
}

TEST_CASE("compression tasks: the helper works from the end and stops when told") {
  const DatasetSchema schema = small_schema();
  const auto rows = rows_of(4, 1);
  std::vector<RowChunks> chunks(rows.size());
  CompressionTasks tasks(schema);
  for (std::size_t r = 0; r < rows.size(); ++r) tasks.add(rows[r], chunks[r]);
  int asked = 0;
  tasks.help([&] { return ++asked <= 2; }); // rows 3 and 2, then stop
  std::vector<unsigned char> scratch;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& bytes = tasks.take(chunks[r], 0, scratch);
    CHECK((&bytes == &scratch) == (r < 2)); // compressed by the writer only if not helped
    CHECK(bytes == expected(schema, rows[r], 0));
  }
}

TEST_CASE("compression tasks: after retire(), a helper reads nothing of the rows") {
  const DatasetSchema schema = small_schema();
  auto rows = std::make_unique<std::vector<std::vector<double>>>(rows_of(3, 2));
  std::vector<RowChunks> chunks(3);
  CompressionTasks tasks(schema);
  for (std::size_t r = 0; r < 3; ++r) tasks.add((*rows)[r], chunks[r]);
  std::vector<unsigned char> scratch;
  SUBCASE("the writer took every chunk") {
    for (std::size_t r = 0; r < 3; ++r)
      for (std::size_t c = 0; c < 2; ++c) tasks.take(chunks[r], c, scratch);
  }
  SUBCASE("the writer stopped after a row (an error)") {
    for (std::size_t c = 0; c < 2; ++c) tasks.take(chunks[0], c, scratch);
  }
  tasks.retire();
  rows.reset(); // the batch's rows are freed (AddressSanitizer sees any read)
  int asked = 0;
  tasks.help([&] { return ++asked < 100; });
  CHECK(asked == 1); // it found the last chunk taken and stopped
}

TEST_CASE("compression tasks: a row of the wrong size, or fields stored raw, is an error") {
  DatasetSchema schema = small_schema();
  CompressionTasks tasks(schema);
  RowChunks out;
  CHECK_THROWS_WITH(tasks.add(std::vector<double>(100), out),
                    doctest::Contains("a row of 100 values in chunks of 384"));
  std::vector<unsigned char> scratch;
  CHECK_THROWS_WITH(tasks.take(out, 0, scratch), doctest::Contains("a row it does not hold"));
  schema.compression.level = 0;
  CHECK_THROWS_WITH(CompressionTasks{schema}, doctest::Contains("stored raw"));
}
