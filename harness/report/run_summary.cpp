#include "report/run_summary.hpp"

#include <fmt/core.h>

namespace fedharness {

RunSummary summarize(const RunReport& report) {
  RunSummary summary;
  for (const auto& scenario : report.scenarios) {
    for (const auto& path : scenario.paths) {
      if (path.outcome == PathOutcome::skipped) {
        ++summary.skipped;
      } else if (path.met_expectation()) {
        ++summary.passed;
      } else {
        ++summary.failed;
      }
      if (path.prediction_disagrees()) {
        ++summary.prediction_disagreements;
      }
    }
  }
  return summary;
}

std::string summary_line(const RunSummary& summary) {
  std::string line = fmt::format("{} passed, {} failed", summary.passed, summary.failed);
  if (summary.skipped > 0) {
    line += fmt::format(", {} skipped", summary.skipped);
  }
  return line;
}

std::string disagreement_line(const RunSummary& summary) {
  return fmt::format("{} predictions disagree with the handshake",
                     summary.prediction_disagreements);
}

}  // namespace fedharness
