#include "discretize/time_forcing.hpp"

#include "discretize/dmda_grid.hpp"
#include "util/error.hpp"

namespace skr {

void source_or_constant(const Sample& sample, double constant, Vec f) {
  if (auto source = sample.fields.find("source"); source != sample.fields.end())
    scatter_from_storage(source->second, f);
  else
    SKR_PETSC(VecSet(f, constant));
}

Handle<Vec> discarded_rhs(Mat L) {
  DM dm = nullptr;
  SKR_PETSC(MatGetDM(L, &dm));
  if (!dm) fail("discarded_rhs: the matrix was not created by create_dmda_system");
  Handle<Vec> b;
  SKR_PETSC(DMCreateGlobalVector(dm, b.out()));
  return b;
}

} // namespace skr
