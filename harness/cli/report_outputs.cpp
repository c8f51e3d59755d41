#include "cli/report_outputs.hpp"

#include <sys/stat.h>

#include <iostream>

#include "report/run_html.hpp"
#include "report/run_json.hpp"
#include "report/run_junit.hpp"
#include "report/run_summary.hpp"
#include "report/run_text.hpp"
#include "util/files.hpp"

namespace fedharness::cli {

void add_report_output_options(CLI::App& command, ReportOutputs& outputs) {
  add_output_options(command, outputs.output);
  command.add_option("--report-json", outputs.json_file,
                     "Write the run document (docs/report-schema.md) to this file");
  command.add_option(
      "--report-junit", outputs.junit_file,
      "Write JUnit XML (a testsuite per scenario, a testcase per path) to this file");
  command.add_option("--report-html", outputs.html_file,
                     "Write one self-contained HTML page (matrix, findings, fixes, certificate "
                     "chains) to this file");
}

int write_report(const RunReport& report, OutputChoice choice, const ReportOutputs& outputs) {
  constexpr mode_t kReadable = 0644;  // results, not secrets
  if (!outputs.json_file.empty()) {
    write_file_atomically(outputs.json_file, serialize_run_report(report) + "\n", kReadable);
  }
  if (!outputs.junit_file.empty()) {
    write_file_atomically(outputs.junit_file, run_report_to_junit(report), kReadable);
  }
  if (!outputs.html_file.empty()) {
    write_file_atomically(outputs.html_file, run_report_to_html(report), kReadable);
  }
  if (choice.format == OutputFormat::json) {
    std::cout << serialize_run_report(report) << '\n';
  } else {
    print_run_text(std::cout, report, choice.style());
  }
  return summarize(report).all_met() ? 0 : 1;
}

std::string fedharness_version() {
  return FEDHARNESS_VERSION;
}

}  // namespace fedharness::cli
