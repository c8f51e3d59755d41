#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "net/asio.hpp"
#include "report/run_report.hpp"
#include "serve/event_hub.hpp"
#include "serve/run_store.hpp"

namespace fedharness::serve {

/// A run's result and what its verdicts depended on (RunStore::finish_run).
struct CompletedRun {
  RunReport report;
  std::map<std::string, std::string> inputs;  // scenario id -> digest of its files
};

using ProgressCallback = std::function<void(size_t done, size_t total, std::string_view path)>;

/// Runs the scenarios once, from the run's own thread; throws BadInput (or
/// anything else) when they cannot run, which makes the run an `error`.
using RunJob = std::function<CompletedRun(const ProgressCallback& progress)>;

/// When runs happen: one at once, every `every` from the start of the last
/// one (a run longer than that is followed by the next at once), and on
/// request. A run works on a thread of its own, so the server answers
/// throughout; the scheduler itself lives on the server's thread.
class RunScheduler {
 public:
  RunScheduler(net::asio::io_context& context, RunStore& store, EventHub& events, RunJob job,
               std::chrono::milliseconds every, Retention retention);
  ~RunScheduler();
  RunScheduler(const RunScheduler&) = delete;
  RunScheduler& operator=(const RunScheduler&) = delete;

  /// Starts the schedule: a first run now (when `every` is not zero).
  void begin();

  /// Starts a run now and returns its id, or nothing when one is running.
  std::optional<int64_t> start(RunTrigger trigger);

  /// The run in progress, if any.
  std::optional<int64_t> running() const { return running_; }

 private:
  void execute(int64_t id, std::string started_at);
  void ended(int64_t id);
  void schedule_next();

  net::asio::io_context& context_;
  RunStore& store_;
  EventHub& events_;
  RunJob job_;
  std::chrono::milliseconds every_;
  Retention retention_;
  net::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point last_start_{};
  std::optional<int64_t> running_;
  std::thread worker_;
};

}  // namespace fedharness::serve
