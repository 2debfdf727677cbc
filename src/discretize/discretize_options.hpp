#pragma once
// Options that several families' discretizations share, as groups of an
// option table (util/option_table.hpp): --grid on a box, and
// advection's --scheme.
#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/grid.hpp"
#include "util/options.hpp"

namespace skr {

// --grid ("N", "NxM" or, with dims = 3, "NxMxK") as cells of the box
// [lo, hi]^dims (the unit box unless said), at least min_cells per axis.
// generate declares --grid for every family.
struct BoxGrid {
  int dims, min_cells;
  double lo = 0, hi = 1;
  void declare(po::options_description&) const {}
  Grid read(const po::variables_map& vm) const;
};

// --scheme sg | upwind: how a convection-diffusion family discretizes b.grad u.
struct ConvectionSchemeOption {
  void declare(po::options_description& desc) const;
  ConvectionScheme read(const po::variables_map& vm) const;
};

} // namespace skr
