#include "cli/topology_warnings.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace fedharness::cli {

void TopologyWarnings::print(const Topology& topology) {
  if (std::ranges::find(printed_, topology.source) != printed_.end()) {
    return;
  }
  printed_.push_back(topology.source);
  for (const std::string& warning : topology.warnings) {
    fmt::print(stderr, "fedharness: warning: {}\n", warning);
  }
}

}  // namespace fedharness::cli
