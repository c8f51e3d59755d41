#include "report/run_text.hpp"

#include <fmt/ostream.h>

#include <algorithm>

#include "report/run_report_builder.hpp"
#include "report/run_summary.hpp"

namespace fedharness {
namespace {

constexpr size_t kPathWidth = 46;

void print_details(std::ostream& out, const PathReport& path) {
  fmt::print(out, "      {}\n", path.reason);
  if (!path.observed) {
    return;
  }
  const Verdict& observed = *path.observed;
  if (!observed.passed) {
    fmt::print(out, "      evidence ({}, {}): {}\n", observed.side, observed.stage,
               observed.evidence);
    if (observed.code) {
      fmt::print(out, "      fix: {}\n", info(*observed.code).fix);
    }
  }
  if (path.prediction_disagrees()) {
    fmt::print(out, "      prediction disagrees: the static check said {} ({})\n",
               verdict_code(*path.predicted), path.predicted->evidence);
  }
}

}  // namespace

void print_path_text(std::ostream& out, const PathReport& path) {
  std::string code = "-";  // the path did not run
  std::string side;
  if (path.observed) {
    code = path.observed->passed ? "" : verdict_code(*path.observed);
    side = path.observed->side;
  }
  fmt::print(out, "{:<{}} {:<15} {:<22} {:<8} {}\n", describe_path(path), kPathWidth,
             to_string(path.outcome), code, side,
             path.predicted ? verdict_code(*path.predicted) : std::string("-"));
  if (path.outcome != PathOutcome::pass) {
    print_details(out, path);
  }
}

void print_path_text(std::ostream& out, const PathResult& result) {
  print_path_text(out, make_path_report(result));
}

void print_run_text(std::ostream& out, const RunReport& report) {
  for (const auto& scenario : report.scenarios) {
    if (scenario.paths.empty()) {
      continue;
    }
    fmt::print(out, "{}: {}\n", scenario.file, scenario.name);
    size_t id_width = 2;
    for (const auto& path : scenario.paths) {
      id_width = std::max(id_width, path.id.size());
    }
    fmt::print(out, "  {:<{}} {:<{}} {:<15} {:<22} {:<8} {}\n", "id", id_width, "path", kPathWidth,
               "outcome", "code", "side", "predicted");
    for (const auto& path : scenario.paths) {
      fmt::print(out, "  {:<{}} ", path.id, id_width);
      print_path_text(out, path);
    }
    fmt::print(out, "\n");
  }
  RunSummary summary = summarize(report);
  fmt::print(out, "{} passed, {} failed", summary.passed, summary.failed);
  if (summary.skipped > 0) {
    fmt::print(out, ", {} skipped", summary.skipped);
  }
  if (summary.prediction_disagreements > 0) {
    fmt::print(out, " ({} predictions disagree with the handshake)",
               summary.prediction_disagreements);
  }
  fmt::print(out, "\n");
}

}  // namespace fedharness
