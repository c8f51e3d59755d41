#include "cli/scenario_loading.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "scenario/edge_location.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

std::vector<Scenario> load_scenarios(const std::vector<std::string>& sources,
                                     const ResolverFlags& resolver,
                                     const std::vector<net::DeadlineOverride>& deadlines,
                                     TopologyWarnings& warnings) {
  std::vector<Scenario> scenarios;
  for (const auto& file : find_scenario_files(sources)) {
    Scenario& scenario = scenarios.emplace_back(load_scenario(file));
    warnings.print(scenario.topology);
    // Before sharding: every shard must see the same paths, copies included.
    locate_servers(
        scenario,
        resolver_options(resolver, net::Deadlines().with(scenario.deadlines).with(deadlines)));
  }
  if (scenarios.empty()) {
    throw BadInput(
        fmt::format("{}: no scenario found (a scenario is a .yaml file outside "
                    "topologies/ and policies/ folders)",
                    fmt::join(sources, ", ")));
  }
  return scenarios;
}

}  // namespace fedharness::cli
