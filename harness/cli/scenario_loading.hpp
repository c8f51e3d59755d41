#pragma once

#include <string>
#include <vector>

#include "cli/resolver_option.hpp"
#include "cli/topology_warnings.hpp"
#include "net/deadlines.hpp"
#include "scenario/scenario.hpp"

namespace fedharness::cli {

/// Loads every scenario `sources` name (files, or folders searched for
/// them), prints each topology's warnings through `warnings`, and finds the
/// servers each scenario names (DNS), as `run` and `serve` do before a run.
/// Throws BadInput for a bad scenario or when there is none.
std::vector<Scenario> load_scenarios(const std::vector<std::string>& sources,
                                     const ResolverFlags& resolver,
                                     const std::vector<net::DeadlineOverride>& deadlines,
                                     TopologyWarnings& warnings);

}  // namespace fedharness::cli
