#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "report/run_report.hpp"
#include "serve/run_store.hpp"

namespace fedharness::serve {

/// What GET /metrics shows.
struct MetricsSnapshot {
  const RunReport* latest = nullptr;  // the newest run with a report, if any
  std::map<std::string, uint64_t> runs_total;
  bool running = false;
};

/// The Prometheus text exposition of the newest report: per path whether it
/// met its expectation, the code it observed and how long it took; every
/// certificate the ends were presented and when it expires; the run's
/// duration and time; and the runs so far by result.
std::string render_metrics(const MetricsSnapshot& snapshot);

}  // namespace fedharness::serve
