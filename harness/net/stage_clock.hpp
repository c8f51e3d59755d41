#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "net/deadlines.hpp"

namespace fedharness::net {

/// The clock of one connection: which stage it is in, when that stage must
/// end, and what the peer sent meanwhile. A stage's deadline is fixed when
/// the stage begins (now plus its budget, never past the path's end), so a
/// read, however many the peer's traffic causes, waits until the same
/// instant at the latest: a peer that keeps sending cannot keep a path open.
class StageClock {
 public:
  using Clock = std::chrono::steady_clock;

  /// The path starts now; each stage ends by the path's budget at the latest.
  explicit StageClock(const Deadlines& deadlines);

  /// Begins `stage` (its name in the outcome: "handshake", "sip response")
  /// under `budget`, with nothing received yet.
  void begin(std::string stage, Budget budget);

  const std::string& stage() const { return stage_; }
  Clock::time_point deadline() const { return deadline_; }
  /// What is left of the stage's time, zero when it is over.
  std::chrono::milliseconds remaining() const;
  const Deadlines& deadlines() const { return deadlines_; }

  /// The peer's traffic during the stage, for a timeout's evidence.
  void received_bytes(size_t count) { bytes_ += count; }
  /// One unit of that traffic ("provisional response", "stanza").
  void received(std::string_view singular, std::string_view plural);

  /// "no answer to the ping within the answer budget of 5 s (stage ping):
  /// the peer sent 12 stanzas in 1,234 bytes meanwhile".
  std::string timeout_evidence(std::string_view awaited) const;

 private:
  struct Tally {
    std::string singular;
    std::string plural;
    size_t count = 0;
  };

  Deadlines deadlines_;
  Clock::time_point path_end_;
  std::string stage_;
  Budget budget_ = Budget::path;
  Clock::time_point deadline_;
  size_t bytes_ = 0;
  std::vector<Tally> tallies_;
};

}  // namespace fedharness::net
