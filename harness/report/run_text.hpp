#pragma once

#include <ostream>
#include <vector>

#include "scenario/runner.hpp"

namespace fedharness {

/// The run as a person reads it: per scenario a matrix of its paths (outcome,
/// code, side, predicted), under each path that did not simply pass its
/// evidence and fix, and a summary line "N passed, N failed[, N skipped]".
void print_run_text(std::ostream& out, const std::vector<ScenarioResult>& results);

/// One path, as `probe` prints it.
void print_path_text(std::ostream& out, const PathResult& result);

}  // namespace fedharness
