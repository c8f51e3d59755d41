#pragma once

#include <string>

#include "report/run_report.hpp"

namespace fedharness {

/// The run as one self-contained HTML page, readable offline: the CSS is
/// inline and a Content-Security-Policy forbids every fetch, so the page
/// names no URL at all. It has the run's metadata and summary line ("N
/// passed, N failed[, N skipped]"), and per scenario its topology and Edge,
/// the matrix of its paths coloured by outcome (a row class and an outcome
/// class per path: pass, expected-fail, fail, unexpected-pass, skipped,
/// error), and each path's details (path_details_html), whose anchor the
/// matrix links to. A scenario none of whose paths is in the report (another
/// shard's) is left out, as in the text. Every string from the report is
/// escaped: evidence carries bytes a peer sent.
std::string run_report_to_html(const RunReport& report);

}  // namespace fedharness
