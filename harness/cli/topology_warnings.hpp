#pragma once

#include "topology/topology.hpp"

namespace fedharness::cli {

/// Prints a topology's warnings to stderr, once per topology however many
/// scenarios share it, so that they reach the person running the command
/// and stay out of reports and --format json on stdout.
class TopologyWarnings {
 public:
  void print(const Topology& topology);

 private:
  std::vector<std::filesystem::path> printed_;
};

}  // namespace fedharness::cli
