#include "render/colormap.hpp"
#include "render/figure.hpp"
#include "render/image.hpp"
#include "render/ticks.hpp"
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

namespace {

// An 8 x 4 field growing along x, titled like preview's panels.
FieldPanel ramp_panel(const std::string& title) {
  const skr::Grid grid = skr::unit_box({8, 4});
  std::vector<double> ramp(32);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) ramp[i * 4 + j] = 100.0 * i;
  FieldPanel p = field_view(grid, ramp);
  p.title = title;
  p.notes = {"wavenumber = 27.3"};
  p.bar_label = "coeff";
  return p;
}

// Pixels darker than mid-grey (text, ticks) in the rectangle.
int dark_pixels(const Image& image, int x0, int y0, int w, int h) {
  int n = 0;
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) {
      const Rgb c = image.at(x, y);
      n += c.r + c.g + c.b < 3 * 128 && !(c == nan_grey());
    }
  return n;
}

// Leftmost column in [x0, x0 + w) holding colour c, or -1.
int leftmost(const Image& image, int x0, int w, Rgb c) {
  for (int x = x0; x < x0 + w; ++x)
    for (int y = 0; y < image.height; ++y)
      if (image.at(x, y) == c) return x;
  return -1;
}

} // namespace

TEST_CASE("render: figure has the requested width, a panel per field, NaN panels grey") {
  FieldPanel nan_panel = ramp_panel("outputs/solution");
  std::fill(nan_panel.values.begin(), nan_panel.values.end(), std::nan(""));
  const std::vector<std::vector<FieldPanel>> rows{{ramp_panel("inputs/coeff"), nan_panel},
                                                  {ramp_panel("inputs/coeff"), ramp_panel("x")}};
  const Image image = render_figure(rows, 801);
  CHECK(image.width == 801);
  CHECK(image.height > 2 * 300);
  const int cell = 801 / 2;
  // Left panel: the ramp's low end lies left of its high end.
  const int low = leftmost(image, 0, cell, viridis(0.0)),
            high = leftmost(image, 0, cell, viridis(1.0));
  CHECK(low >= 0);
  CHECK(high > low);
  // Right panel of the first row: grey, no colormap end.
  CHECK(leftmost(image, cell, cell, nan_grey()) >= 0);
  CHECK(image.at(cell + cell / 3, image.height / 4) == nan_grey());
  CHECK_THROWS_WITH_AS(render_figure(rows, 10), doctest::Contains("--width 10"), skr::Error);
}

TEST_CASE("render: titles, ticks and colour-bar labels are drawn as text") {
  // The same figure with and without words: text adds dark pixels to the
  // title band and beside the colour bar (fails when no font is found).
  FieldPanel bare = ramp_panel("");
  bare.notes.clear();
  bare.bar_label.clear();
  const Image titled = render_figure({{ramp_panel("inputs/coeff \u00b7 sample 0")}}, 400);
  const Image plain = render_figure({{bare}}, 400);
  REQUIRE(titled.height == plain.height);
  const int band = 30; // the title's two lines
  CHECK(dark_pixels(plain, 0, 0, 400, band) == 0);
  CHECK(dark_pixels(titled, 0, 0, 400, band) > 100);
  CHECK(dark_pixels(titled, 340, 0, 60, titled.height) >
        dark_pixels(plain, 340, 0, 60, plain.height));
  // Tick labels are there in both: left of the map (y), below it (x), beside the bar.
  CHECK(dark_pixels(plain, 0, band, 30, plain.height - band) > 20);
  CHECK(dark_pixels(plain, 0, plain.height - 35, 400, 35) > 40);
}

TEST_CASE("render: nice ticks and their labels") {
  using V = std::vector<double>;
  using S = std::vector<std::string>;
  CHECK(nice_ticks(0, 1) == V{0, 0.5, 1});
  CHECK(tick_labels(nice_ticks(0, 1)) == S{"0.0", "0.5", "1.0"});
  CHECK(tick_labels(nice_ticks(0.416, 1.82)) == S{"0.5", "1.0", "1.5"});
  CHECK(tick_labels(nice_ticks(-83, 61)) == S{"-50", "0", "50"});
  CHECK(tick_labels(nice_ticks(-0.0362, 0.0329)) == S{"-0.025", "0.000", "0.025"});
  CHECK(tick_labels(nice_ticks(0.9e-5, 3.2e-5)) == S{"1e-05", "2e-05", "3e-05"});
  CHECK(tick_labels(nice_ticks(2e5, 7e5)) == S{"2e+05", "4e+05", "6e+05"});
  CHECK(tick_labels(nice_ticks(3, 3)) == S{"3"});
  CHECK(tick_labels({-5e-6, 0, 5e-6}) == S{"-5e-06", "0", "5e-06"});
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0, 1}, {0.1, 0.13}, {-1e-7, 3e-7}, {12, 12000}, {-100, 0}, {0.5, 0.51}}) {
    const auto t = nice_ticks(lo, hi);
    CAPTURE(lo);
    CAPTURE(hi);
    CHECK(t.size() >= 3);
    CHECK(t.size() <= 6);
    CHECK(t.front() >= lo - 1e-12 * (hi - lo));
    CHECK(t.back() <= hi + 1e-12 * (hi - lo));
  }
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
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0] == "middle slice z = 0.625");
}
