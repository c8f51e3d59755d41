#include "report/run_report.hpp"

#include <fmt/core.h>

namespace fedharness {

bool PathReport::prediction_disagrees() const {
  // A path that did not run has nothing to disagree with.
  return predicted && observed &&
         (predicted->passed != observed->passed ||
          (!observed->passed && predicted->code != observed->code));
}

std::string describe_path(const PathReport& path) {
  return fmt::format("{} {} {} {} {}", to_string(path.protocol), to_string(path.direction),
                     path.edge_domain, path.direction == Direction::inbound ? "<-" : "->",
                     path.partner);
}

std::string describe_disagreement(const PathReport& path) {
  return fmt::format("prediction disagrees: the static check said {} ({})",
                     verdict_code(*path.predicted), path.predicted->evidence);
}

std::string verdict_code(const Verdict& verdict) {
  if (verdict.passed) {
    return "pass";
  }
  return verdict.code ? std::string(to_string(*verdict.code)) : "?";
}

}  // namespace fedharness
