#include "discretize/discretize_options.hpp"

#include "util/choice.hpp"

namespace skr {

Grid read_unit_box_grid(const po::variables_map& vm, int dims, int min_cells) {
  return unit_box(parse_grid(get_string(vm, "grid"), dims, min_cells));
}

void add_convection_scheme_option(po::options_description& desc) {
  add_option(desc, "scheme", "sg",
             "convection: sg (Scharfetter-Gummel, 2nd order) | upwind (1st order)");
}

ConvectionScheme read_convection_scheme(const po::variables_map& vm) {
  return get_choice<ConvectionScheme>(
      vm, "scheme",
      {{"sg", ConvectionScheme::scharfetter_gummel}, {"upwind", ConvectionScheme::upwind}});
}

} // namespace skr
