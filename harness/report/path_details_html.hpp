#pragma once

#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// The id of a path's details in the HTML report, "path-<scenario id>-<path
/// id>": what the matrix links to, and what a test looks a path up by.
std::string path_anchor(const ScenarioReport& scenario, const PathReport& path);

/// A path's details as an HTML <details class="path OUTCOME">, open unless
/// the path simply passed: the reason; the observed verdict with its code,
/// what the code means, the side that refused, the stage, the evidence and
/// the fix; the prediction, flagged when it disagrees; and what each end saw
/// (end_report_html). Every string escaped.
std::string path_details_html(const ScenarioReport& scenario, const PathReport& path);

}  // namespace fedharness
