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

// What the refused end received: its own record when it is ours; for a real
// endpoint, what our refusing end sent it.
void note_what_was_received(Verdict& verdict, const std::optional<net::ConnectionOutcome>& refused,
                            const std::optional<net::ConnectionOutcome>& refusing) {
  if (refused) {
    if (refused->tls.alert_received) {
      verdict.remote_alert = refused->tls.alert_received->name();
    }
    verdict.remote_stream_error = refused->stream_error_received;
  } else if (refusing && refusing->tls.alert_sent) {
    verdict.remote_alert = refusing->tls.alert_sent->name();
  }
}

// Where the refused end received something other than the scenario says:
// why, in words; empty when everything expected came.
std::string remote_mismatch(const Expectation& expect, const Verdict& observed) {
  auto nothing_or = [](const std::string& received) {
    return received.empty() ? std::string("nothing") : received;
  };
  if (!expect.remote_alert.empty() && expect.remote_alert != observed.remote_alert) {
    return fmt::format("want remote alert {}, the refused end received {}", expect.remote_alert,
                       nothing_or(observed.remote_alert));
  }
  if (!expect.remote_stream_error.empty() &&
      expect.remote_stream_error != observed.remote_stream_error) {
    return fmt::format("want remote stream error {}, the refused end received {}",
                       expect.remote_stream_error, nothing_or(observed.remote_stream_error));
  }
  return "";
}

// "; the Edge saw: EVIDENCE", and when that end's own verdict differs
// (another code, or another stage), which of the two is the cause: the
// end that refused on its own account, the other's failure following from it.
std::string other_view(const Verdict& cause, const net::ConnectionOutcome& other,
                       std::string_view other_name, std::string_view cause_name) {
  std::string text = fmt::format("; the {} saw: {}", other_name, other.evidence);
  FindingCode other_code = other.code.value_or(FindingCode::tls_handshake_failed);
  if (other_code != cause.code || other.stage != cause.stage) {
    text += fmt::format(" (the {}'s view: {} at {}; the cause is the {}'s refusal at {})",
                        other_name, to_string(other_code), other.stage, cause_name, cause.stage);
  }
  return text;
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
  Verdict verdict;
  if (refused_first(partner_end, edge_end)) {
    verdict = refused_by(*partner_end, "partner");
    if (edge_end && !edge_end->passed) {
      verdict.evidence += other_view(verdict, *edge_end, "Edge", "partner");
    }
    note_what_was_received(verdict, edge_end, partner_end);
  } else if (refused_first(edge_end, partner_end)) {
    verdict = refused_by(*edge_end, "edge");
    if (partner_end && !partner_end->passed) {
      verdict.evidence += other_view(verdict, *partner_end, "partner", "Edge");
    }
    note_what_was_received(verdict, partner_end, edge_end);
  } else if (partner_end && !partner_end->passed) {
    // No end refused on its own account: what one end saw of the other.
    verdict = refused_by(*partner_end, edge_end ? "edge" : "remote");
    note_what_was_received(verdict, partner_end, edge_end);
  } else if (edge_end && !edge_end->passed) {
    verdict = refused_by(*edge_end, partner_end ? "partner" : "remote");
    note_what_was_received(verdict, edge_end, partner_end);
  } else {
    const auto& evidence = partner_end ? partner_end->evidence : edge_end->evidence;
    verdict = {true, std::nullopt, "", "done", evidence};
  }
  return verdict;
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
  // A known failure may name no code: then any failure is the one known.
  std::string want = expect.failure ? std::string(to_string(*expect.failure)) : "a failure";
  std::string known =
      expect.known_failure.empty() ? "" : fmt::format(" (known failure, {})", expect.known_failure);
  if (observed.passed) {
    result.outcome = PathOutcome::unexpected_pass;
    result.reason = expect.known_failure.empty()
                        ? fmt::format("unexpected pass: want {}, got pass", want)
                        : fmt::format(
                              "unexpected pass: listed as a known failure ({}); take it "
                              "off the list",
                              expect.known_failure);
  } else if (expect.failure && observed.code != expect.failure) {
    result.outcome = PathOutcome::fail;
    result.reason =
        fmt::format("unexpected error: want {}{}, got {}", want, known, code_or_pass(observed));
  } else if (std::string mismatch = remote_mismatch(expect, observed); !mismatch.empty()) {
    result.outcome = PathOutcome::fail;
    result.reason = fmt::format("failed with {}, but {}", want, mismatch);
  } else {
    result.outcome = PathOutcome::expected_fail;
    result.reason = expect.known_failure.empty()
                        ? fmt::format("failed with {} as expected", want)
                        : fmt::format("failed with {} as known: {}", code_or_pass(observed),
                                      expect.known_failure);
  }
}

}  // namespace fedharness
