#include "serve/path_history.hpp"

#include <algorithm>
#include <set>

namespace fedharness::serve {

std::map<PathKey, PathHistory> path_histories(const std::vector<PathVerdict>& verdicts) {
  std::map<PathKey, PathHistory> histories;
  for (const PathVerdict& verdict : verdicts) {
    histories[{verdict.scenario, verdict.path}].runs.push_back(verdict);
  }
  for (auto& [key, history] : histories) {
    std::ranges::sort(history.runs, std::greater{}, &PathVerdict::run_id);
    const std::string& inputs = history.runs.front().inputs;
    std::set<std::string> seen;
    for (const PathVerdict& run : history.runs) {
      if (run.inputs == inputs) {
        seen.insert(describe_verdict(run));
      }
    }
    history.flaky = seen.size() > 1;
  }
  return histories;
}

std::vector<VerdictChange> verdict_changes(const std::map<PathKey, PathHistory>& histories) {
  // The newest and the previous run of all, not of each path: a path absent
  // from the newest run (its scenario removed) is no change to report.
  std::set<int64_t, std::greater<>> run_ids;
  for (const auto& [key, history] : histories) {
    for (const PathVerdict& run : history.runs) {
      run_ids.insert(run.run_id);
    }
  }
  std::vector<VerdictChange> changes;
  if (run_ids.size() < 2) {
    return changes;  // a first run changed nothing
  }
  int64_t newest = *run_ids.begin();
  int64_t previous = *std::next(run_ids.begin());
  for (const auto& [key, history] : histories) {
    const PathVerdict* now = nullptr;
    const PathVerdict* before = nullptr;
    for (const PathVerdict& run : history.runs) {
      if (run.run_id == newest) {
        now = &run;
      } else if (run.run_id == previous) {
        before = &run;
      }
    }
    if (now == nullptr) {
      continue;
    }
    std::string after_text = describe_verdict(*now);
    std::string before_text = before == nullptr ? "new" : describe_verdict(*before);
    if (after_text != before_text) {
      changes.push_back({.path = key,
                         .before = before_text,
                         .after = after_text,
                         .met_before = before == nullptr || before->met,
                         .met_after = now->met});
    }
  }
  // Breaks first: what needs a person comes before what recovered.
  std::ranges::stable_sort(changes, std::less{}, &VerdictChange::met_after);
  return changes;
}

std::string describe_verdict(const PathVerdict& verdict) {
  if (verdict.code.empty() || verdict.code == "pass") {
    return verdict.outcome;
  }
  return verdict.outcome + " " + verdict.code;
}

}  // namespace fedharness::serve
