#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "serve/run_store.hpp"

namespace fedharness::serve {

/// (scenario id, path id)
using PathKey = std::pair<std::string, std::string>;

struct PathHistory {
  std::vector<PathVerdict> runs;  // newest first
  // Its verdict changed between runs whose inputs were the same as the
  // newest run's: nothing changed but the outcome. The flag is for the path
  // as it stands; a change of inputs starts its record afresh.
  bool flaky = false;
};

/// Each path's verdicts (RunStore::recent_verdicts, newest first), and
/// whether it is flaky.
std::map<PathKey, PathHistory> path_histories(const std::vector<PathVerdict>& verdicts);

/// A path whose verdict in the newest run differs from the run before.
struct VerdictChange {
  PathKey path;
  std::string before;  // "pass", "fail EKU_CLIENT_MISSING"; "new" when it was not there
  std::string after;
  bool met_before = true;
  bool met_after = true;
};

std::vector<VerdictChange> verdict_changes(const std::map<PathKey, PathHistory>& histories);

/// "pass", "expected-fail CHAIN_UNTRUSTED": a verdict in a few words.
std::string describe_verdict(const PathVerdict& verdict);

}  // namespace fedharness::serve
