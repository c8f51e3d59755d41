#include "net/stage_clock.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace fedharness::net {

using std::chrono::milliseconds;

StageClock::StageClock(const Deadlines& deadlines)
    : deadlines_(deadlines),
      path_end_(Clock::now() + deadlines.of(Budget::path)),
      deadline_(path_end_) {}

void StageClock::begin(std::string stage, Budget budget) {
  stage_ = std::move(stage);
  Clock::time_point stage_end = Clock::now() + deadlines_.of(budget);
  budget_ = stage_end < path_end_ ? budget : Budget::path;
  deadline_ = std::min(stage_end, path_end_);
  bytes_ = 0;
  tallies_.clear();
}

milliseconds StageClock::remaining() const {
  auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
  return std::max(left, milliseconds(0));
}

void StageClock::received(std::string_view singular, std::string_view plural) {
  auto tally = std::ranges::find(tallies_, singular, &Tally::singular);
  if (tally == tallies_.end()) {
    tallies_.push_back({std::string(singular), std::string(plural), 0});
    tally = tallies_.end() - 1;
  }
  ++tally->count;
}

std::string StageClock::timeout_evidence(std::string_view awaited) const {
  std::string evidence =
      fmt::format("{} within the {} budget of {} (stage {})", awaited, budget_name(budget_),
                  describe_duration(deadlines_.of(budget_)), stage_);
  if (bytes_ == 0) {
    return evidence + ": the peer sent nothing meanwhile";
  }
  std::string units;
  for (const Tally& tally : tallies_) {
    units += fmt::format("{}{} {}", units.empty() ? "" : ", ", tally.count,
                         tally.count == 1 ? tally.singular : tally.plural);
  }
  return fmt::format("{}: the peer sent {}{} byte{} meanwhile", evidence,
                     units.empty() ? "" : units + " in ", bytes_, bytes_ == 1 ? "" : "s");
}

}  // namespace fedharness::net
