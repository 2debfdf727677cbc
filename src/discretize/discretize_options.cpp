#include "discretize/discretize_options.hpp"

#include "util/choice.hpp"

namespace skr {

Grid BoxGrid::read(const po::variables_map& vm) const {
  const std::vector<int> cells = parse_grid(get_string(vm, "grid"), dims, min_cells);
  return Grid{cells, std::vector<double>(cells.size(), lo), std::vector<double>(cells.size(), hi)};
}

void ConvectionSchemeOption::declare(po::options_description& desc) const {
  add_option(desc, "scheme", "sg",
             "convection: sg (Scharfetter-Gummel, 2nd order) | upwind (1st order)");
}

ConvectionScheme ConvectionSchemeOption::read(const po::variables_map& vm) const {
  return get_choice<ConvectionScheme>(
      vm, "scheme",
      {{"sg", ConvectionScheme::scharfetter_gummel}, {"upwind", ConvectionScheme::upwind}});
}

} // namespace skr
