#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace fedharness {

/// Marks the paths that a real Edge's known-failures list names as expected
/// to fail, each with its reason, so that a pre-deployment run against an
/// Edge with known open problems stays green, and a path that starts to pass
/// is reported (unexpected-pass) until it is taken off the list:
///
///   known_failures:
///     - path: aol-inbound            # a path id
///       scenario: real-edge          # optional: only this scenario (its id)
///       code: CHAIN_UNTRUSTED        # optional: the code it fails with
///       reason: AOL's root is not on the Edge yet (CHG-1234)
///
/// An entry for a path the scenario does not have, or for a path that
/// already expects a failure, is refused ("file:line: field: what").
void apply_known_failures(const std::filesystem::path& list, const std::string& scenario_id,
                          std::vector<PathSpec>& paths);

}  // namespace fedharness
