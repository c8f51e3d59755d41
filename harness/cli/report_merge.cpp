#include <memory>

#include "cli/commands.hpp"
#include "cli/report_outputs.hpp"
#include "report/run_json_reader.hpp"
#include "report/run_merge.hpp"

namespace fedharness::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> files;
  ReportOutputs outputs;
};

int merge_command(const MergeOptions& options) {
  OutputChoice output = output_choice(options.outputs.output);
  std::vector<SourcedRunReport> reports;
  for (const auto& file : options.files) {
    reports.push_back({file, load_run_report(file)});
  }
  return write_report(merge_run_reports(std::move(reports), fedharness_version()), output,
                      options.outputs);
}

}  // namespace

void add_report_merge_command(CLI::App& report, int& exit_code) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* command = report.add_subcommand(
      "merge",
      "Join run documents (run --report-json), such as the shards of one run, into one report in "
      "the order an unsharded run gives. Exit 0 when every path met its expectation, 1 when some "
      "did not, 2 for a file that is not a run document of this schema or a path found twice.");
  command->add_option("files", options->files, "Run documents (JSON)")->required();
  add_report_output_options(*command, options->outputs);
  command->callback([options, &exit_code] { exit_code = merge_command(*options); });
}

}  // namespace fedharness::cli
