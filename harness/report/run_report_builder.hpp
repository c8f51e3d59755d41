#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "report/run_report.hpp"
#include "scenario/runner.hpp"

namespace fedharness {

/// The report of paths that have just run: what each end saw is read out of
/// its TLS observation (certificates, alerts, verify errors) into plain data.
PathReport make_path_report(const PathResult& result);
RunReport make_run_report(const std::vector<ScenarioResult>& results, RunMetadata run);

}  // namespace fedharness
