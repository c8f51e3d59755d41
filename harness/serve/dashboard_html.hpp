#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/run_report.hpp"
#include "serve/run_store.hpp"

namespace fedharness::serve {

/// What the dashboard shows.
struct DashboardView {
  const RunReport* latest = nullptr;  // the newest run with a report
  int64_t latest_id = 0;
  std::vector<StoredRun> runs;                // the newest runs, newest first
  std::vector<PathVerdict> verdicts;          // RunStore::recent_verdicts
  std::vector<SeenCertificate> certificates;  // RunStore::certificates
  std::optional<int64_t> running;
  std::chrono::milliseconds every{0};  // the schedule; zero: on request only
  std::chrono::system_clock::time_point now;
};

/// GET /: one self-contained page (no fetch but its own API, a strict
/// Content-Security-Policy), which follows /api/events and reloads its
/// <main> from /dashboard/main when a run ends.
std::string dashboard_page(const DashboardView& view);

/// The policy the page is served with: its one script by hash, its style
/// inline, connections to its own origin only.
const std::string& dashboard_content_security_policy();

/// The page's <main>: what changed since the previous run, then each
/// scenario's paths with their history and its Edge certificate, then the runs.
std::string dashboard_main(const DashboardView& view);

}  // namespace fedharness::serve
