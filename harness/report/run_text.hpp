#pragma once

#include <ostream>

#include "report/color.hpp"
#include "report/run_report.hpp"

namespace fedharness {

/// How the text is drawn: plain, or with ANSI colours for a terminal (the
/// outcome green, red or yellow, the code bold).
/// The run as a person reads it: per scenario a matrix of its paths (outcome,
/// code, side, predicted; columns as wide as their content), under each path
/// that did not simply pass its evidence and fix, and a summary line "N
/// passed, N failed[, N skipped]". A scenario none of whose paths is in the
/// report (another shard's) is left out.
void print_run_text(std::ostream& out, const RunReport& report, TextStyle style = {});

/// One path, as `probe` prints it.
void print_path_text(std::ostream& out, const PathReport& path, TextStyle style = {});
void print_path_text(std::ostream& out, const PathResult& result, TextStyle style = {});

}  // namespace fedharness
