#pragma once

#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// Counts of a run: passed are paths that met their expectation (pass or
/// expected-fail); failed are fail, unexpected-pass and error.
struct RunSummary {
  size_t passed = 0;
  size_t failed = 0;
  size_t skipped = 0;
  size_t prediction_disagreements = 0;

  bool all_met() const { return failed == 0; }
};

RunSummary summarize(const RunReport& report);

/// "N passed, N failed", and ", N skipped" when some were.
std::string summary_line(const RunSummary& summary);

/// "N predictions disagree with the handshake", for a summary that has some.
std::string disagreement_line(const RunSummary& summary);

}  // namespace fedharness
