#include "render/colormap.hpp"
#include "render/figure.hpp"
#include "render/font.hpp"
#include "render/image.hpp"
#include "util/error.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>

using namespace skr::render;

TEST_CASE("render: colormap endpoints, clamping and NaN") {
  CHECK(viridis(0.0) == Rgb{68, 1, 84});
  CHECK(viridis(1.0) == Rgb{253, 231, 37});
  CHECK(viridis(-3.0) == viridis(0.0));
  CHECK(viridis(7.0) == viridis(1.0));
  CHECK(viridis(std::nan("")) == nan_grey());
  // Brightness grows along the map (perceptually ordered).
  auto luma = [](Rgb c) { return 0.3 * c.r + 0.59 * c.g + 0.11 * c.b; };
  for (int i = 0; i < 20; ++i) CHECK(luma(viridis((i + 1) / 20.0)) > luma(viridis(i / 20.0)));
}

TEST_CASE("render: PNG round trip") {
  Image image(7, 5);
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 7; ++x) image.set(x, y, viridis((x + 7 * y) / 34.0));
  image.set(3, 2, nan_grey());
  const auto path = (std::filesystem::temp_directory_path() /
                     ("skr-render-test-" + std::to_string(::getpid()) + ".png"))
                        .string();
  write_png(path, image);
  const Image back = read_png(path);
  std::filesystem::remove(path);
  REQUIRE(back.width == 7);
  REQUIRE(back.height == 5);
  CHECK(back.rgb == image.rgb);
}

TEST_CASE("render: unwritable PNG is one error naming the file") {
  CHECK_THROWS_WITH_AS(write_png("/nonexistent-dir/x.png", Image(2, 2)),
                       doctest::Contains("/nonexistent-dir/x.png"), skr::Error);
  CHECK_THROWS_AS(read_png("/nonexistent-dir/x.png"), skr::Error);
}

TEST_CASE("render: figure has the requested width; NaN panels are grey") {
  const skr::Grid grid = skr::unit_box({8, 4});
  std::vector<double> ramp(32), nan_field(32, std::nan(""));
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) ramp[i * 4 + j] = 100.0 * i; // grows along x
  const std::vector<std::vector<FieldPanel>> rows{
      {field_view(grid, ramp), field_view(grid, nan_field)},
      {field_view(grid, ramp), field_view(grid, ramp)}};
  const Image image = render_figure(rows, 301);
  CHECK(image.width == 301);
  CHECK(image.height > 0);
  const int cell = 301 / 2;
  CHECK(image.at(cell + cell / 4, image.height / 4) == nan_grey());
  // The ramp's left edge is the colormap's low end, its right edge the high end.
  CHECK(image.at(8, image.height / 4) == viridis(0.0));
  CHECK_THROWS_AS(render_figure(rows, 10), skr::Error);
}

TEST_CASE("render: middle z-slice of a 3-D field") {
  const skr::Grid grid = skr::unit_box({2, 3, 4});
  std::vector<double> v(grid.points());
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) v[grid.index(i, j, k)] = 100 * i + 10 * j + k;
  const FieldPanel p = field_view(grid, v);
  REQUIRE(p.values.size() == 6);
  CHECK(p.values[1 * 3 + 2] == 122); // (i=1, j=2, k=2)
}

TEST_CASE("render: number labels") {
  CHECK(number_label(0) == "0");
  CHECK(number_label(0.25) == "0.25");
  CHECK(number_label(-1.23e-5) == "-1.2e-05");
  CHECK(text_width("12", 1) == 7);
}
