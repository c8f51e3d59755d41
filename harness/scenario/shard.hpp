#pragma once

#include <cstdlib>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "scenario/scenario.hpp"

namespace fedharness {

/// One of N parts of a run's paths, so that a CI matrix or an indexed job
/// spreads a large lab over machines, each running `--shard I/N`.
struct Shard {
  size_t index = 1;  // from 1 to count
  size_t count = 1;
};

/// "I/N" as --shard takes it, I from 1 to N; BadInput for anything else.
Shard parse_shard(std::string_view text);

/// The shard that Bazel's test sharding convention (also Kubernetes-style
/// wrappers') names: TEST_SHARD_INDEX, from 0, of TEST_TOTAL_SHARDS; nullopt
/// when neither is set. BadInput when only one is, or a value is not a number
/// in range. `getenv` is the environment, a parameter for tests.
std::optional<Shard> shard_from_environment(
    const std::function<const char*(const char*)>& getenv = std::getenv);

/// Whether a path is in `shard`: FNV-1a (64 bits) of the scenario id, a NUL
/// and the path id, modulo the shard count. A path's shard depends on its own
/// ids alone: adding, removing or reordering other paths moves no path, and
/// every machine computes the same split whatever its standard library.
bool in_shard(std::string_view scenario_id, std::string_view path_id, const Shard& shard);

/// Drops from each scenario the paths of other shards. Scenarios stay, even
/// with no path left, so that a shard's report lists every scenario in the
/// unsharded order; paths keep their index.
void keep_shard(std::vector<Scenario>& scenarios, const Shard& shard);

}  // namespace fedharness
