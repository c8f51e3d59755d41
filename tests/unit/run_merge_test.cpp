#include "report/run_merge.hpp"

#include <catch2/catch.hpp>

#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

ScenarioReport scenario(std::string id, std::vector<std::pair<size_t, std::string>> paths) {
  ScenarioReport report{id, id, id + ".yaml", {}, {}, {}};
  for (auto& [index, path_id] : paths) {
    PathReport path;
    path.index = index;
    path.id = path_id;
    report.paths.push_back(path);
  }
  return report;
}

std::vector<std::string> ids(const RunReport& report) {
  std::vector<std::string> ids;
  for (const auto& scenario : report.scenarios) {
    for (const auto& path : scenario.paths) {
      ids.push_back(scenario.id + "/" + path.id);
    }
  }
  return ids;
}

RunReport shard(std::string started_at, std::vector<ScenarioReport> scenarios) {
  return {{"0.1.0", std::move(started_at), 1.5, Shard{1, 2}, {}}, std::move(scenarios)};
}

}  // namespace

TEST_CASE("merged shards give the unsharded order", "[report]") {
  std::vector<SourcedRunReport> shards{
      {"a.json", shard("2026-11-25T13:17:06Z", {scenario("s1", {{0, "p0"}, {2, "p2"}}),
                                                scenario("s2", {}), scenario("s3", {{1, "q1"}})})},
      {"b.json",
       shard("2026-11-25T13:17:05Z", {scenario("s1", {{1, "p1"}}), scenario("s2", {{0, "r0"}}),
                                      scenario("s3", {{0, "q0"}})})},
  };
  RunReport merged = merge_run_reports(std::move(shards), "0.2.0");
  CHECK(ids(merged) ==
        std::vector<std::string>{"s1/p0", "s1/p1", "s1/p2", "s2/r0", "s3/q0", "s3/q1"});
  CHECK(merged.run.started_at == "2026-11-25T13:17:05Z");
  CHECK(merged.run.duration_seconds == 3.0);
  CHECK_FALSE(merged.run.shard);
  CHECK(merged.run.merged_from == std::vector<std::string>{"a.json", "b.json"});
  CHECK(merged.run.fedharness_version == "0.2.0");
}

TEST_CASE("a merge refuses a path twice, or one scenario id for two files", "[report]") {
  auto refusal = [](std::vector<SourcedRunReport> reports) {
    try {
      merge_run_reports(std::move(reports), "0.1.0");
    } catch (const BadInput& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  CHECK(refusal({{"a.json", shard("", {scenario("s1", {{0, "p0"}})})},
                 {"b.json", shard("", {scenario("s1", {{0, "p0"}})})}}) ==
        "b.json: scenario s1 path p0 is also in a.json");
  CHECK(refusal({{"a.json", shard("", {scenario("s1", {{0, "p0"}})})},
                 {"b.json", shard("", {scenario("s1", {{0, "other"}})})}})
            .starts_with("b.json: scenario s1 path other is at index 0, where a.json has another"));
  ScenarioReport moved = scenario("s1", {{1, "p1"}});
  moved.file = "elsewhere/s1.yaml";
  CHECK(refusal({{"a.json", shard("", {scenario("s1", {{0, "p0"}})})},
                 {"b.json", shard("", {moved})}}) ==
        "b.json: scenario s1 is elsewhere/s1.yaml, but s1.yaml in a.json");
}
