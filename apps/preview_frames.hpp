#pragma once
// Frames of trajectories as preview panels (apps/preview_dataset.cpp), shared
// by preview --in FILE and preview of a time-dependent family.
#include "discretize/grid.hpp"
#include "render/figure.hpp"

#include <string>
#include <vector>

namespace skr::app {

// Frames 0, ..., frames-1 spread evenly, `count` of them (all if fewer).
std::vector<std::size_t> chosen_frames(std::size_t frames, std::size_t count);

// One panel per chosen frame of a frame-major trajectory `values` over
// `grid`, titled "<path> · sample <index>" with a note "t = ... (frame f)".
std::vector<render::FieldPanel> frame_panels(const Grid& grid, const std::vector<double>& values,
                                             const std::string& path, std::size_t index,
                                             const std::vector<double>& times,
                                             const std::vector<std::size_t>& frames);

} // namespace skr::app
