#include "report/run_merge.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <utility>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

/// One scenario as it is being joined, and where each of its paths came from.
struct MergingScenario {
  ScenarioReport report;
  std::string source;                        // the first file that had it
  std::map<size_t, std::string> by_index;    // index -> the file that had that path
  std::map<std::string, std::string> by_id;  // id -> the file that had that path
};

void add_path(MergingScenario& scenario, PathReport path, const std::string& source) {
  const std::string& id = scenario.report.id;
  if (auto seen = scenario.by_id.find(path.id); seen != scenario.by_id.end()) {
    throw BadInput(
        fmt::format("{}: scenario {} path {} is also in {}", source, id, path.id, seen->second));
  }
  if (auto seen = scenario.by_index.find(path.index); seen != scenario.by_index.end()) {
    throw BadInput(fmt::format(
        "{}: scenario {} path {} is at index {}, where {} has another path: the runs read "
        "different versions of {}",
        source, id, path.id, path.index, seen->second, scenario.report.file));
  }
  scenario.by_id.emplace(path.id, source);
  scenario.by_index.emplace(path.index, source);
  scenario.report.paths.push_back(std::move(path));
}

}  // namespace

RunReport merge_run_reports(std::vector<SourcedRunReport> reports, std::string fedharness_version) {
  RunReport merged;
  merged.run.fedharness_version = std::move(fedharness_version);
  std::vector<MergingScenario> scenarios;
  for (auto& [source, report] : reports) {
    if (merged.run.started_at.empty() || report.run.started_at < merged.run.started_at) {
      merged.run.started_at = report.run.started_at;  // RFC 3339 UTC sorts as text
    }
    merged.run.duration_seconds += report.run.duration_seconds;
    merged.run.merged_from.push_back(source);
    if (merged.run.judged_at.empty()) {
      merged.run.judged_at = report.run.judged_at;  // the shards of one run share their --at
    }
    for (auto& scenario : report.scenarios) {
      auto known = std::ranges::find(scenarios, scenario.id,
                                     [](const MergingScenario& s) { return s.report.id; });
      std::vector<PathReport> paths = std::exchange(scenario.paths, {});
      if (known == scenarios.end()) {
        scenarios.push_back({std::move(scenario), source, {}, {}});
        known = std::prev(scenarios.end());
      } else if (known->report.file != scenario.file) {
        throw BadInput(fmt::format("{}: scenario {} is {}, but {} in {}", source, scenario.id,
                                   scenario.file, known->report.file, known->source));
      }
      for (auto& path : paths) {
        add_path(*known, std::move(path), source);
      }
    }
  }
  for (auto& scenario : scenarios) {
    std::ranges::sort(scenario.report.paths, {}, &PathReport::index);
    merged.scenarios.push_back(std::move(scenario.report));
  }
  return merged;
}

}  // namespace fedharness
