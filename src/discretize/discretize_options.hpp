#pragma once
// Options that several families' discretizations share, declared and read in
// one place: --grid on the unit box, and advection's --scheme.
#include "discretize/convection_diffusion_fv.hpp"
#include "discretize/grid.hpp"
#include "util/options.hpp"

namespace skr {

// --grid ("N", "NxM" or, with dims = 3, "NxMxK") as cells of the unit box,
// at least min_cells per axis.
Grid read_unit_box_grid(const po::variables_map& vm, int dims, int min_cells);

// --scheme sg | upwind: how a convection-diffusion family discretizes b.grad u.
void add_convection_scheme_option(po::options_description& desc);
ConvectionScheme read_convection_scheme(const po::variables_map& vm);

} // namespace skr
