#pragma once
// Registers skr-gen's own KSP types with PETSc ("gcrodr", ...), so that
// -ksp_type NAME and KSPSetType(ksp, NAME) find them. Idempotent.
namespace skr {
void register_ksp_types();
}
