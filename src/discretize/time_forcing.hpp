#pragma once
// Small pieces the linear time-dependent families share (problems/*_t.cpp).
#include "discretize/problem.hpp"
#include "util/petsc_handle.hpp"

namespace skr {

// f = the sample's own "source" field (storage order; manufactured-solution
// tests set one) when it has one, else the constant.
void source_or_constant(const Sample& sample, double constant, Vec f);

// A vector of L's grid for the right-hand side an assembly routine fills
// too, when only the operator is wanted.
Handle<Vec> discarded_rhs(Mat L);

} // namespace skr
