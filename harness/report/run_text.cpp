#include "report/run_text.hpp"

#include <fmt/ostream.h>

#include <algorithm>

#include "report/run_summary.hpp"

namespace fedharness {
namespace {

std::string path_label(const PathSpec& path) {
  return fmt::format("{} {} {} {} {}", to_string(path.protocol), to_string(path.direction),
                     path.edge_domain, path.direction == Direction::inbound ? "<-" : "->",
                     path.partner);
}

std::string verdict_code(const Verdict& verdict) {
  if (verdict.passed) {
    return "pass";
  }
  return verdict.code ? std::string(to_string(*verdict.code)) : "?";
}

void print_details(std::ostream& out, const PathResult& result) {
  fmt::print(out, "      {}\n", result.reason);
  if (result.outcome == PathOutcome::skipped || result.outcome == PathOutcome::error) {
    return;
  }
  const Verdict& observed = result.observed;
  if (!observed.passed) {
    fmt::print(out, "      evidence ({}, {}): {}\n", observed.side, observed.stage,
               observed.evidence);
    if (observed.code) {
      fmt::print(out, "      fix: {}\n", info(*observed.code).fix);
    }
  }
  if (result.prediction_disagrees()) {
    fmt::print(out, "      prediction disagrees: the static check said {} ({})\n",
               verdict_code(*result.predicted), result.predicted->evidence);
  }
}

}  // namespace

constexpr size_t kPathWidth = 46;

void print_path_text(std::ostream& out, const PathResult& result) {
  fmt::print(out, "{:<{}} {:<15} {:<22} {:<8} {}\n", path_label(*result.spec), kPathWidth,
             to_string(result.outcome), result.observed.passed ? "" : verdict_code(result.observed),
             result.observed.side,
             result.predicted ? verdict_code(*result.predicted) : std::string("-"));
  if (result.outcome != PathOutcome::pass) {
    print_details(out, result);
  }
}

void print_run_text(std::ostream& out, const std::vector<ScenarioResult>& results) {
  for (const auto& scenario : results) {
    fmt::print(out, "{}: {}\n", scenario.scenario->file.string(), scenario.scenario->name);
    size_t id_width = 2;
    for (const auto& path : scenario.paths) {
      id_width = std::max(id_width, path.spec->id.size());
    }
    fmt::print(out, "  {:<{}} {:<{}} {:<15} {:<22} {:<8} {}\n", "id", id_width, "path", kPathWidth,
               "outcome", "code", "side", "predicted");
    for (const auto& path : scenario.paths) {
      fmt::print(out, "  {:<{}} ", path.spec->id, id_width);
      print_path_text(out, path);
    }
    fmt::print(out, "\n");
  }
  RunSummary summary = summarize(results);
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
