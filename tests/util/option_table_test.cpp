// A family's options as one table: declared in row order, read into their
// members, checked with one-line errors that name the option.
#include "util/option_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

enum class Mode { fast, careful };

struct Parameters {
  double eps = 0, source = 0;
  int degree = 0;
  Mode mode = Mode::fast;
  int checks = 0; // how many times the `then` row ran
};

skr::OptionTable<Parameters> table() {
  using P = Parameters;
  return {"test options",
          {into(&P::eps, skr::Positive{"eps", "0.01", "diffusion"}),
           into(&P::source, skr::Number{"source", "1", "right-hand side", -10, 10}),
           into(&P::degree, skr::Integer<int>{"degree", "5", "degree", 0, 50}),
           into(&P::mode, skr::Choice<Mode>{"mode", "fast", "fast | careful",
                                            {{"fast", Mode::fast}, {"careful", Mode::careful}}}),
           skr::then<P>([](P& p) {
             ++p.checks;
             if (p.mode == Mode::careful && p.degree > 10) skr::fail("--mode careful: degree > 10");
           })}};
}

Parameters read(const std::vector<std::string>& words) {
  const skr::po::options_description desc = table().options();
  skr::po::variables_map vm;
  skr::po::store(skr::po::command_line_parser(words).options(desc).run(), vm);
  skr::po::notify(vm);
  return table().read(vm);
}

std::string error_of(const std::vector<std::string>& words) {
  try {
    read(words);
  } catch (const skr::Error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("option table: the rows declare their options in order, with their defaults") {
  const skr::po::options_description desc = table().options();
  std::vector<std::string> names;
  for (const auto& option : desc.options()) names.push_back(option->long_name());
  CHECK(names == std::vector<std::string>{"eps", "source", "degree", "mode"});
  const Parameters p = read({});
  CHECK(p.eps == 0.01);
  CHECK(p.source == 1);
  CHECK(p.degree == 5);
  CHECK(p.mode == Mode::fast);
  CHECK(p.checks == 1);
}

TEST_CASE("option table: each row reads its option into its member") {
  const Parameters p =
      read({"--eps", "0.5", "--source", "-2", "--degree", "7", "--mode", "careful"});
  CHECK(p.eps == 0.5);
  CHECK(p.source == -2);
  CHECK(p.degree == 7);
  CHECK(p.mode == Mode::careful);
}

TEST_CASE("option table: a bad value is one line naming its option") {
  CHECK(error_of({"--eps", "0"}) == "--eps: 0 must be positive");
  CHECK(error_of({"--source", "11"}).find("--source: 11 is outside") == 0);
  CHECK(error_of({"--degree", "51"}).find("--degree") == 0);
  CHECK(error_of({"--mode", "slow"}) == "--mode: 'slow' is not fast or careful");
  CHECK(error_of({"--mode", "careful", "--degree", "20"}) == "--mode careful: degree > 10");
  CHECK(error_of({"--mode", "careful", "--degree", "10"}).empty());
}
