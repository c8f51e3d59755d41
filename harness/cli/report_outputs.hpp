#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/output_format.hpp"
#include "report/run_report.hpp"

namespace fedharness::cli {

/// Where a run report goes, for `run` and `report merge` alike: stdout in
/// --format (text coloured as --color says), and the files --report-json,
/// --report-junit and --report-html name.
struct ReportOutputs {
  OutputOptions output;
  std::string json_file;
  std::string junit_file;
  std::string html_file;
};

void add_report_output_options(CLI::App& command, ReportOutputs& outputs);

/// Prints the report in `format` and writes the files asked for. Returns the
/// exit status: 0 when every path met its expectation, 1 when some did not.
int write_report(const RunReport& report, OutputChoice choice, const ReportOutputs& outputs);

/// The version this fedharness reports itself as.
std::string fedharness_version();

}  // namespace fedharness::cli
