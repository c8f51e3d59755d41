#pragma once

#include <string>
#include <vector>

#include "report/run_report.hpp"

namespace fedharness {

/// A run report and the file it was read from, for messages.
struct SourcedRunReport {
  std::string source;
  RunReport report;
};

/// Joins run reports (the shards of one run, or runs of different scenarios)
/// into one, in the order one unsharded run gives: scenarios in the order they
/// first appear, each scenario's paths by their index. The metadata says
/// which files were joined, the earliest start, and the sum of their
/// durations. Throws BadInput naming the file for a path that appears twice,
/// a scenario id that names two files, or two paths at one index.
RunReport merge_run_reports(std::vector<SourcedRunReport> reports, std::string fedharness_version);

}  // namespace fedharness
