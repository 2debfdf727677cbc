#include "pipeline/sample_prefetch.hpp"

namespace skr {

SamplePrefetch::~SamplePrefetch() {
  if (drawn_.valid()) drawn_.wait();
}

PreparedSample SamplePrefetch::take(std::size_t index, std::optional<std::size_t> next) {
  std::optional<PreparedSample> prepared;
  if (ahead_ && drawn_.valid()) {
    PreparedSample ready = drawn_.get(); // rethrows the worker's error
    if (*ahead_ == index) prepared = std::move(ready);
  }
  ahead_.reset();
  if (enabled_ && next && *next != index) {
    drawn_ = std::async(std::launch::async, [this, n = *next] { return prepare(n); });
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
