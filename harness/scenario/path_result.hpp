#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "net/outcome.hpp"
#include "scenario/scenario.hpp"

namespace fedharness {

/// A path's verdict, observed or predicted: passed, or which side refused
/// with which code, at which stage, on what evidence.
struct Verdict {
  bool passed = false;
  std::optional<FindingCode> code;
  std::string side;  // "edge", "partner", or "remote" (a real endpoint); empty on a pass
  std::string stage;
  std::string evidence;
  // What the refused end received from the refusing one; empty when nothing
  // (or when neither end is ours to see).
  std::string remote_alert;
  std::string remote_stream_error;
};

/// How an observation measures up to the expectation (tlsfuzzer's PASS / FAIL
/// / XFAIL / XPASS, BoGo's unexpected success and failure).
enum class PathOutcome {
  pass,             // expected to pass, passed
  expected_fail,    // expected to fail with a code, failed with that code
  fail,             // expected to pass and failed, or failed with another code
  unexpected_pass,  // expected to fail, passed: fails the run
  skipped,          // cannot run here; the reason says why
  error,            // the harness itself broke
};

struct PathResult {
  const PathSpec* spec = nullptr;
  PathOutcome outcome = PathOutcome::error;
  std::string reason;  // what the outcome means for this path, with got/want
  Verdict observed;
  std::optional<Verdict> predicted;  // none for a real Edge (its certificate is not known)
  std::optional<net::ConnectionOutcome> edge_end;
  std::optional<net::ConnectionOutcome> partner_end;
  std::chrono::duration<double> elapsed{};  // from its start to its verdict

  bool met_expectation() const {
    return outcome == PathOutcome::pass || outcome == PathOutcome::expected_fail;
  }
};

/// What the two ends of a path saw, as one verdict: the end whose own
/// verifier or policy refused is the side that refused; otherwise the failed
/// end's view of the other side.
Verdict observe_path(const std::optional<net::ConnectionOutcome>& edge_end,
                     const std::optional<net::ConnectionOutcome>& partner_end);

/// Compares the observation with the expectation.
void judge(PathResult& result);

std::string_view to_string(PathOutcome outcome);

}  // namespace fedharness
