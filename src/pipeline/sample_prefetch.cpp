#include "pipeline/sample_prefetch.hpp"

namespace skr {

PreparedSample SamplePrefetch::take(std::size_t index, std::optional<std::size_t> next) {
  std::optional<PreparedSample> prepared;
  if (ahead_) {
    worker_.wait(); // rethrows the worker's error
    if (*ahead_ == index) prepared = std::move(drawn_);
    drawn_.reset();
  }
  ahead_.reset();
  if (enabled_ && next && *next != index) {
    worker_.submit([this, n = *next] { drawn_ = prepare(n); });
    ahead_ = next;
  }
  if (!prepared) prepared = prepare(index);
  return std::move(*prepared);
}

PreparedSample SamplePrefetch::prepare(std::size_t index) const {
  PreparedSample prepared{problem_.draw(seeds_.at(index)), std::nullopt};
  if (box_) {
    const bool with_operator = !problem_.operator_is_fixed(prepared.sample);
    prepared.values = problem_.system_values(prepared.sample, *box_, with_operator);
  }
  return prepared;
}

} // namespace skr
