#pragma once
// The phases generate --timing reports (util/phase_timer.hpp), in run order;
// pipeline code opens a PhaseTimer::Scope with one of these names.
#include <string>
#include <vector>

namespace skr::phase {

inline constexpr const char* draw_features = "draw (features)";
inline constexpr const char* sort = "sort";
inline constexpr const char* pilot = "pilot (auto)";
inline constexpr const char* assemble = "draw+assemble";      // per sample, or per step
inline constexpr const char* solve = "solve";                 // includes the true-residual check
inline constexpr const char* record = "record (outputs)";    // gather, outputs, queue, log
inline constexpr const char* checkpoint = "checkpoint write"; // batch files, incl. gzip
inline constexpr const char* assembly = "final assembly";     // the batches into the file

inline std::vector<std::string> all() {
  return {draw_features, sort, pilot, assemble, solve, record, checkpoint, assembly};
}

} // namespace skr::phase
