#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/asio.hpp"
#include "net/key_log.hpp"
#include "scenario/path_result.hpp"
#include "scenario/scenario.hpp"
#include "transcript/transcript_directory.hpp"

namespace fedharness {

struct RunOptions {
  size_t jobs = 2;  // worker threads, one io_context each
  // --deadline: budgets over every scenario's own (`deadlines:`) and the defaults.
  std::vector<net::DeadlineOverride> deadlines;
  // Called as each path finishes, from the worker thread that ran it.
  // Called as each path ends, with the count so far and "path (scenario)".
  std::function<void(size_t done, size_t total, std::string_view path)> on_path_done;
  std::shared_ptr<net::KeyLog> key_log;  // every TLS context of the run logs its secrets here
  // Each path's transcript goes here, as <scenario id>/<path id>.txt; null: none are recorded.
  std::shared_ptr<TranscriptDirectory> transcripts;
  // --at: certificates are judged valid or not as of this time, by every
  // verifier (OpenSSL's in the handshakes, the predictions); null: now.
  std::optional<std::chrono::system_clock::time_point> at;
};

struct ScenarioResult {
  const Scenario* scenario = nullptr;
  std::vector<PathResult> paths;
};

/// Runs every path of every scenario concurrently over real TLS: a simulated
/// Edge per scenario (or the real one it names), a simulated partner per
/// path. Results come back in the scenarios' and paths' own order.
std::vector<ScenarioResult> run_scenarios(const std::vector<Scenario>& scenarios,
                                          const RunOptions& options);

}  // namespace fedharness
