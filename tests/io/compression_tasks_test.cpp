// CompressionTasks: two threads compress one batch's chunks side by side
// into the bytes one thread alone stores (and the layout stores); help()
// stops when told and finish() does the rest; misuse is an error.
#include <doctest/doctest.h>

#include "io/compression_tasks.hpp"
#include "io/dataset_writer.hpp"

#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace skr;

namespace {

// A 2-D schema of 16 x 24 cells, stored as float with gzip:fast.
DatasetSchema small_schema() {
  DatasetSchema schema;
  schema.grid.cells = {16, 24};
  schema.grid.lower = {0, 0};
  schema.grid.upper = {1, 1};
  return schema;
}

// Rows of `frames` smooth frames each, different per row.
std::vector<std::vector<double>> rows_of(const DatasetSchema& schema, std::size_t rows,
                                         std::size_t frames) {
  const std::size_t frame = field_chunk_values(schema);
  std::vector<std::vector<double>> out(rows, std::vector<double>(frames * frame));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t i = 0; i < out[r].size(); ++i)
      out[r][i] = std::sin(0.01 * double(i) * double(r + 1)) + 1e-7 * double(i % 7);
  return out;
}

} // namespace

TEST_CASE("compression tasks: two threads store what one thread stores, each chunk once") {
  const DatasetSchema schema = small_schema();
  const auto rows = rows_of(schema, 40, 3); // frames: three chunks a row
  std::vector<CompressedRow> shared(rows.size()), alone(rows.size());
  CompressionTasks both(schema), one(schema);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    both.add(rows[r], shared[r]);
    one.add(rows[r], alone[r]);
  }
  double helped = 0;
  std::thread helper([&] { helped = both.help([] { return true; }); });
  both.finish();
  helper.join();
  one.finish();
  CHECK(helped >= 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    REQUIRE(shared[r].chunks.size() == 3);
    CHECK(shared[r].chunk_values == 16 * 24);
    CHECK(shared[r].chunks == alone[r].chunks);
    for (std::size_t c = 0; c < 3; ++c) // and what the layout stores for that chunk
      CHECK(shared[r].chunks[c] ==
            compress_field_chunk(rows[r].data() + c * 16 * 24, 16 * 24, false, schema.compression));
  }
}

TEST_CASE("compression tasks: help stops when told; finish compresses the rest") {
  const DatasetSchema schema = small_schema();
  const auto rows = rows_of(schema, 4, 1);
  std::vector<CompressedRow> out(rows.size());
  CompressionTasks tasks(schema);
  for (std::size_t r = 0; r < rows.size(); ++r) tasks.add(rows[r], out[r]);
  int asked = 0;
  tasks.help([&] { return ++asked <= 2; }); // two chunks, then stop
  CHECK(!out[0].chunks[0].empty());
  CHECK(!out[1].chunks[0].empty());
  CHECK(out[2].chunks[0].empty());
  tasks.finish();
  for (const auto& row : out) CHECK(!row.chunks[0].empty());
}

TEST_CASE("compression tasks: a row of the wrong size, or fields stored raw, is an error") {
  DatasetSchema schema = small_schema();
  CompressionTasks tasks(schema);
  CompressedRow out;
  CHECK_THROWS_WITH(tasks.add(std::vector<double>(100), out),
                    doctest::Contains("a row of 100 values in chunks of 384"));
  schema.compression.level = 0;
  CHECK_THROWS_WITH(CompressionTasks{schema}, doctest::Contains("uncompressed"));
}
