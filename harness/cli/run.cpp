#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "cli/at_option.hpp"
#include "cli/capture_options.hpp"
#include "cli/commands.hpp"
#include "cli/deadline_option.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report_outputs.hpp"
#include "cli/resolver_option.hpp"
#include "cli/scenario_loading.hpp"
#include "cli/terminal.hpp"
#include "pki/certificate_info.hpp"
#include "report/progress_line.hpp"
#include "report/run_report_builder.hpp"
#include "scenario/runner.hpp"
#include "scenario/shard.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

struct RunCommandOptions {
  std::vector<std::string> scenarios;
  ReportOutputs outputs;
  std::string shard;
  CaptureOptions capture;
  std::vector<std::string> deadlines;
  std::string jobs;
  ResolverFlags resolver;
  std::string at;
};

// Bazel's convention: a test touches this file to say that it honours
// TEST_SHARD_INDEX; without it Bazel fails a sharded test.
void acknowledge_sharding() {
  const char* status_file = std::getenv("TEST_SHARD_STATUS_FILE");
  if (status_file == nullptr || *status_file == '\0') {
    return;
  }
  if (!std::ofstream(status_file, std::ios::app)) {
    throw BadInput(fmt::format("TEST_SHARD_STATUS_FILE={}: cannot create it", status_file));
  }
}

int run_command(const RunCommandOptions& options) {
  OutputChoice output = output_choice(options.outputs.output);
  size_t jobs = parse_jobs(options.jobs);
  // --shard wins over the environment, so that a run can be repeated by hand
  // inside a sharded CI job.
  std::optional<Shard> shard =
      options.shard.empty() ? shard_from_environment() : parse_shard(options.shard);
  acknowledge_sharding();
  std::vector<net::DeadlineOverride> deadlines = parse_deadlines(options.deadlines);
  std::optional<std::chrono::system_clock::time_point> at = parse_at(options.at);
  TopologyWarnings warnings;
  std::vector<Scenario> scenarios =
      load_scenarios(options.scenarios, options.resolver, deadlines, warnings);
  if (shard) {
    keep_shard(scenarios, *shard);
  }
  Capture capture = open_capture(options.capture);
  auto started_at = std::chrono::system_clock::now();
  auto started = std::chrono::steady_clock::now();
  // Only for a person watching.
  ProgressLine progress(stderr, isatty(STDERR_FILENO) == 1, terminal_columns(STDERR_FILENO));
  auto on_path_done = [&progress](size_t done, size_t total, std::string_view path) {
    progress.update(done, total, path);
  };
  auto results = run_scenarios(scenarios, {.jobs = jobs,
                                           .deadlines = deadlines,
                                           .on_path_done = on_path_done,
                                           .key_log = capture.key_log,
                                           .transcripts = capture.transcripts,
                                           .at = at});
  progress.clear();
  capture.report_failures();
  std::chrono::duration<double> duration = std::chrono::steady_clock::now() - started;
  RunMetadata run{fedharness_version(), iso8601_utc(started_at), duration.count(), shard, {}};
  if (at) {
    run.judged_at = iso8601_utc(*at);
  }
  return write_report(make_run_report(results, std::move(run)), output, options.outputs);
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "run",
      "Run scenario files (or every scenario under a folder) over real TLS, each path against the "
      "simulated Edge or the real one the scenario names. Exit 0 when every path met its "
      "expectation, 1 when some did not, 2 for a bad scenario.");
  command->add_option("scenarios", options->scenarios, "Scenario files or folders")->required();
  add_report_output_options(*command, options->outputs);
  command->add_option("--shard", options->shard,
                      "Run only shard I of N (I/N, I from 1 to N), a stable 1/N of the paths; "
                      "without it TEST_SHARD_INDEX (from 0) and TEST_TOTAL_SHARDS are honoured");
  add_capture_options(*command, options->capture,
                      "one file per path, DIR/<scenario id>/<path id>.txt");
  add_jobs_option(*command, options->jobs);
  add_deadline_option(*command, options->deadlines);
  add_resolver_options(*command, options->resolver);
  add_at_option(*command, options->at);
  command->callback([options, &exit_code] { exit_code = run_command(*options); });
}

}  // namespace fedharness::cli
