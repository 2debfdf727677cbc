#include "pipeline/sample_prefetch.hpp"

namespace skr {

SamplePrefetch::~SamplePrefetch() {
  if (drawn_.valid()) drawn_.wait();
}

Sample SamplePrefetch::take(std::size_t index, std::optional<std::size_t> next) {
  std::optional<Sample> sample;
  if (ahead_ && drawn_.valid()) {
    Sample ready = drawn_.get(); // rethrows the worker's error
    if (*ahead_ == index) sample = std::move(ready);
  }
  ahead_.reset();
  if (enabled_ && next && *next != index) {
    const std::uint64_t seed = seeds_.at(*next);
    drawn_ = std::async(std::launch::async, [this, seed] { return problem_.draw(seed); });
    ahead_ = next;
  }
  if (!sample) sample = problem_.draw(seeds_.at(index));
  return std::move(*sample);
}

} // namespace skr
