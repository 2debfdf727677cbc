#include "pipeline/sample_prefetch.hpp"

#include <algorithm>

namespace skr {

namespace {

constexpr std::size_t kMostAhead = 4;
constexpr std::size_t kAheadBytes = std::size_t(32) << 20;

std::size_t bytes_of(const PreparedSample& prepared) {
  std::size_t values = 0;
  for (const auto& [name, field] : prepared.sample.fields) values += field.size();
  std::size_t bytes = values * sizeof(double);
  if (prepared.values)
    bytes += (prepared.values->entry_count + prepared.values->rhs_count) * sizeof(PetscScalar);
  return bytes;
}

} // namespace

SamplePrefetch::SamplePrefetch(const Problem& problem, const std::vector<std::uint64_t>& seeds,
                               bool enabled, std::optional<OwnedBox> box)
    : problem_(problem), seeds_(seeds), enabled_(enabled), box_(box) {
  if (enabled_) worker_ = std::thread([this] { work(); });
}

SamplePrefetch::~SamplePrefetch() {
  if (!worker_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void SamplePrefetch::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || (!wanted_.empty() && !error_); });
    if (stop_) return;
    const std::size_t index = wanted_.front();
    wanted_.pop_front();
    preparing_ = index;
    lock.unlock();
    std::optional<PreparedSample> prepared;
    std::exception_ptr error;
    try {
      prepared = prepare(index);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    preparing_.reset();
    if (error)
      error_ = error;
    else
      ready_.emplace_back(index, std::move(*prepared));
    changed_.notify_all();
  }
}

SamplePrefetch::Ready::iterator SamplePrefetch::find_ready(std::size_t index) {
  return std::find_if(ready_.begin(), ready_.end(),
                      [&](const auto& entry) { return entry.first == index; });
}

std::optional<PreparedSample> SamplePrefetch::wait_for(std::size_t index,
                                                       std::unique_lock<std::mutex>& lock) {
  const auto guessed = [&] {
    return preparing_ == index || std::find(wanted_.begin(), wanted_.end(), index) != wanted_.end();
  };
  for (;;) {
    if (error_) { // the guesses start over at the next take
      wanted_.clear();
      std::rethrow_exception(std::exchange(error_, nullptr));
    }
    if (const auto it = find_ready(index); it != ready_.end()) {
      PreparedSample prepared = std::move(it->second);
      ready_.erase(ready_.begin(), it + 1); // the ones before it were guessed wrong
      return prepared;
    }
    if (!guessed()) return std::nullopt;
    changed_.wait(lock);
  }
}

PreparedSample SamplePrefetch::take(std::size_t index, std::span<const std::size_t> upcoming) {
  if (!enabled_) return prepare(index);
  std::optional<PreparedSample> prepared;
  {
    std::unique_lock lock(mutex_);
    prepared = wait_for(index, lock);
    // The next guesses: those not already prepared or under way, in order;
    // prepared samples no longer expected are dropped.
    const auto expected = upcoming.first(std::min(upcoming.size(), ahead()));
    const auto in = [](const auto& list, std::size_t i) {
      return std::find(list.begin(), list.end(), i) != list.end();
    };
    std::erase_if(ready_, [&](const auto& entry) { return !in(expected, entry.first); });
    wanted_.clear();
    for (const std::size_t next : expected) {
      const bool held = preparing_ == next || find_ready(next) != ready_.end();
      if (!held && next != index) wanted_.push_back(next);
    }
  }
  changed_.notify_all();
  if (!prepared) prepared = prepare(index);
  if (!ahead_) // sized once, from the first sample taken
    ahead_ = std::clamp<std::size_t>(kAheadBytes / std::max<std::size_t>(bytes_of(*prepared), 1), 1,
                                     kMostAhead);
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
