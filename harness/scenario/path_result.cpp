#include "scenario/path_result.hpp"

#include <fmt/core.h>

namespace fedharness {
namespace {

Verdict refused_by(const net::ConnectionOutcome& end, std::string side) {
  return {false, end.code, std::move(side), end.stage, end.evidence};
}

bool refused_locally(const std::optional<net::ConnectionOutcome>& end) {
  return end && !end->passed && end->side == net::Side::local;
}

// An initiator that finds no authentication method it may use refuses on its
// own account; but when the receiver withheld SASL EXTERNAL because it had
// refused the certificate (XEP-0178 §4), the receiver's refusal is the cause.
bool refused_first(const std::optional<net::ConnectionOutcome>& end,
                   const std::optional<net::ConnectionOutcome>& other) {
  return refused_locally(end) &&
         !(end->code == FindingCode::xmpp_sasl_external_not_offered && refused_locally(other));
}

std::string code_or_pass(const Verdict& verdict) {
  return verdict.passed
             ? "pass"
             : std::string(to_string(verdict.code.value_or(FindingCode::tls_handshake_failed)));
}

}  // namespace

std::string_view to_string(PathOutcome outcome) {
  switch (outcome) {
    case PathOutcome::pass:
      return "pass";
    case PathOutcome::expected_fail:
      return "expected-fail";
    case PathOutcome::fail:
      return "fail";
    case PathOutcome::unexpected_pass:
      return "unexpected-pass";
    case PathOutcome::skipped:
      return "skipped";
    case PathOutcome::error:
      return "error";
  }
  return "error";
}

Verdict observe_path(const std::optional<net::ConnectionOutcome>& edge_end,
                     const std::optional<net::ConnectionOutcome>& partner_end) {
  if (refused_first(partner_end, edge_end)) {
    Verdict verdict = refused_by(*partner_end, "partner");
    if (edge_end && !edge_end->passed) {
      verdict.evidence += fmt::format("; the Edge saw: {}", edge_end->evidence);
    }
    return verdict;
  }
  if (refused_first(edge_end, partner_end)) {
    Verdict verdict = refused_by(*edge_end, "edge");
    if (partner_end && !partner_end->passed) {
      verdict.evidence += fmt::format("; the partner saw: {}", partner_end->evidence);
    }
    return verdict;
  }
  // No end refused on its own account: what one end saw of the other.
  if (partner_end && !partner_end->passed) {
    return refused_by(*partner_end, edge_end ? "edge" : "remote");
  }
  if (edge_end && !edge_end->passed) {
    return refused_by(*edge_end, "partner");
  }
  const auto& evidence = partner_end ? partner_end->evidence : edge_end->evidence;
  return {true, std::nullopt, "", "done", evidence};
}

void judge(PathResult& result) {
  const Expectation& expect = result.spec->expect;
  const Verdict& observed = result.observed;
  if (expect.expects_pass()) {
    result.outcome = observed.passed ? PathOutcome::pass : PathOutcome::fail;
    result.reason = observed.passed ? "passed as expected"
                                    : fmt::format("unexpected failure: want pass, got {}",
                                                  code_or_pass(observed));
    return;
  }
  std::string want(to_string(*expect.failure));
  if (observed.passed) {
    result.outcome = PathOutcome::unexpected_pass;
    result.reason = fmt::format("unexpected pass: want {}, got pass", want);
  } else if (observed.code == expect.failure) {
    result.outcome = PathOutcome::expected_fail;
    result.reason = fmt::format("failed with {} as expected", want);
  } else {
    result.outcome = PathOutcome::fail;
    result.reason = fmt::format("unexpected error: want {}, got {}", want, code_or_pass(observed));
  }
}

}  // namespace fedharness
