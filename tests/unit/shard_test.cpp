#include "scenario/shard.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

std::vector<Scenario> lab(size_t scenarios, size_t paths_each) {
  std::vector<Scenario> lab(scenarios);
  for (size_t s = 0; s < scenarios; ++s) {
    lab[s].id = "scenario-" + std::to_string(s);
    for (size_t p = 0; p < paths_each; ++p) {
      PathSpec path;
      path.id = "path-" + std::to_string(p);
      path.index = p;
      lab[s].paths.push_back(path);
    }
  }
  return lab;
}

std::function<const char*(const char*)> environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

}  // namespace

TEST_CASE("a shard is given as I/N, I from 1 to N, and nothing else", "[shard]") {
  CHECK(parse_shard("1/2").index == 1);
  CHECK(parse_shard("2/2").count == 2);
  CHECK(parse_shard("1/1").count == 1);
  for (const char* bad : {"0/2", "3/2", "1/0", "0/0", "a/b", "1", "1/", "/2", "1/2x", "-1/2",
                          "+1/2", " 1/2", "1/2/3", "", "99999999999999999999/1"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), BadInput);
  }
  CHECK_THROWS_WITH(parse_shard("0/2"), "--shard 0/2: expected I/N with I from 1 to N, as in 2/4");
}

TEST_CASE("TEST_SHARD_INDEX counts from 0, as Bazel's convention has it", "[shard]") {
  CHECK_FALSE(shard_from_environment(environment({})));
  auto shard =
      shard_from_environment(environment({{"TEST_SHARD_INDEX", "0"}, {"TEST_TOTAL_SHARDS", "3"}}));
  REQUIRE(shard);
  CHECK(shard->index == 1);
  CHECK(shard->count == 3);
  CHECK_THROWS_WITH(
      shard_from_environment(environment({{"TEST_SHARD_INDEX", "3"}, {"TEST_TOTAL_SHARDS", "3"}})),
      "TEST_SHARD_INDEX=3: expected 0 to 2 (TEST_TOTAL_SHARDS=3)");
  CHECK_THROWS_WITH(shard_from_environment(environment({{"TEST_SHARD_INDEX", "1"}})),
                    "TEST_SHARD_INDEX is set without TEST_TOTAL_SHARDS: set both, or neither");
  CHECK_THROWS_AS(
      shard_from_environment(environment({{"TEST_SHARD_INDEX", "0"}, {"TEST_TOTAL_SHARDS", "0"}})),
      BadInput);
  CHECK_THROWS_AS(
      shard_from_environment(environment({{"TEST_SHARD_INDEX", "x"}, {"TEST_TOTAL_SHARDS", "2"}})),
      BadInput);
}

TEST_CASE("every path is in exactly one shard, and shards share the work", "[shard]") {
  auto all = lab(10, 20);
  for (size_t count = 1; count <= 7; ++count) {
    std::map<std::pair<std::string, std::string>, int> seen;
    for (size_t index = 1; index <= count; ++index) {
      auto part = all;
      keep_shard(part, {index, count});
      size_t kept = 0;
      for (const auto& scenario : part) {
        for (const auto& path : scenario.paths) {
          ++seen[{scenario.id, path.id}];
          ++kept;
        }
      }
      // 200 paths: no shard is far from its 1/N.
      CHECK(kept > 200 / count / 2);
      CHECK(part.size() == all.size());  // scenarios stay, for the report's order
    }
    CHECK(seen.size() == 200);
    for (const auto& [path, times] : seen) {
      CHECK(times == 1);
    }
  }
}

TEST_CASE("a path's shard depends on its own ids only, the same on every machine", "[shard]") {
  auto before = lab(3, 10);
  auto after = before;
  after[1].paths.insert(after[1].paths.begin(), PathSpec{.id = "new"});
  after.insert(after.begin(), Scenario{.id = "new-scenario"});
  keep_shard(before, {2, 4});
  keep_shard(after, {2, 4});
  for (size_t s = 0; s < before.size(); ++s) {
    std::vector<std::string> old_ids;
    std::vector<std::string> new_ids;
    for (const auto& path : before[s].paths) {
      old_ids.push_back(path.id);
    }
    for (const auto& path : after[s + 1].paths) {
      if (path.id != "new") {
        new_ids.push_back(path.id);
      }
    }
    CHECK(old_ids == new_ids);
  }
  // FNV-1a is fixed, unlike std::hash: these hold on any platform and
  // standard library, and a change of the split fails here first.
  // FNV-1a-64("aol-no-client-eku\0aol-outbound") = 0xd125f743c430142c, 9th of 10.
  CHECK(in_shard("aol-no-client-eku", "aol-outbound", {9, 10}));
  // FNV-1a-64("federation-good\0fabrikam-inbound") = 0xebf2d090363a81d5, 4th of 10.
  CHECK(in_shard("federation-good", "fabrikam-inbound", {4, 10}));
  CHECK(in_shard("federation-good", "fabrikam-inbound", {2, 2}));
  CHECK_FALSE(in_shard("federation-good", "fabrikam-inbound", {1, 2}));
}
