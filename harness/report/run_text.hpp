#pragma once

#include <ostream>

#include "report/run_report.hpp"

namespace fedharness {

/// The run as a person reads it: per scenario a matrix of its paths (outcome,
/// code, side, predicted), under each path that did not simply pass its
/// evidence and fix, and a summary line "N passed, N failed[, N skipped]".
/// A scenario none of whose paths is in the report (another shard's) is left out.
void print_run_text(std::ostream& out, const RunReport& report);

/// One path, as `probe` prints it.
void print_path_text(std::ostream& out, const PathReport& path);
void print_path_text(std::ostream& out, const PathResult& result);

}  // namespace fedharness
