#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/commands.hpp"
#include "cli/output_format.hpp"
#include "report/run_json.hpp"
#include "report/run_summary.hpp"
#include "report/run_text.hpp"
#include "scenario/runner.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

struct RunCommandOptions {
  std::vector<std::string> scenarios;
  std::string format = "text";
  size_t jobs = std::max(1u, std::thread::hardware_concurrency());
};

int run_command(const RunCommandOptions& options) {
  OutputFormat format = parse_output_format(options.format);
  if (options.jobs == 0) {
    throw BadInput("--jobs 0: at least one worker is needed");
  }
  std::vector<Scenario> scenarios;
  for (const auto& file : find_scenario_files(options.scenarios)) {
    scenarios.push_back(load_scenario(file));
  }
  auto results = run_scenarios(scenarios, {.jobs = options.jobs});
  if (format == OutputFormat::json) {
    std::cout << boost::json::serialize(run_to_json(results)) << '\n';
  } else {
    print_run_text(std::cout, results);
  }
  return summarize(results).all_met() ? 0 : 1;
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
  command->add_option("--format", options->format, "text or json")->capture_default_str();
  command->add_option("--jobs", options->jobs, "Worker threads")->capture_default_str();
  command->callback([options, &exit_code] { exit_code = run_command(*options); });
}

}  // namespace fedharness::cli
