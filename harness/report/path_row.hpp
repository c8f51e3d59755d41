#pragma once

#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// A path as a row of a scenario's matrix, in the words every matrix (the
/// terminal's, the HTML report's) shows: what it connects, its outcome, the
/// observed code ("-" when the path did not run, empty on a pass), the side
/// that refused, and the predicted code ("-" when there is no prediction).
struct PathRow {
  std::string path;
  std::string outcome;
  std::string code;
  std::string side;
  std::string predicted;
};

PathRow make_path_row(const PathReport& path);

/// The column titles, in the order of PathRow's members.
extern const PathRow kPathRowHeader;

}  // namespace fedharness
