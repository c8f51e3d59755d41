#include "report/run_summary.hpp"

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

}  // namespace fedharness
