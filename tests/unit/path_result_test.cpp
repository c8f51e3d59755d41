#include "scenario/path_result.hpp"

#include <catch2/catch.hpp>

#include "report/run_report.hpp"

using namespace fedharness;
using net::ConnectionOutcome;
using net::Side;

namespace {

ConnectionOutcome passed() {
  return {true, std::nullopt, Side::local, "done", "OPTIONS 200 OK"};
}

ConnectionOutcome refused(FindingCode code, Side side, std::string evidence) {
  return {false, code, side, "handshake", std::move(evidence)};
}

PathResult judged(const Expectation& expect, std::optional<ConnectionOutcome> edge,
                  std::optional<ConnectionOutcome> partner, PathSpec& spec) {
  spec.expect = expect;
  PathResult result{.spec = &spec};
  result.edge_end = std::move(edge);
  result.partner_end = std::move(partner);
  result.observed = observe_path(result.edge_end, result.partner_end);
  judge(result);
  return result;
}

}  // namespace

TEST_CASE("the end whose own verifier refused is the side that refused", "[paths]") {
  // The partner refused the Edge's certificate; the Edge only saw the alert.
  Verdict verdict =
      observe_path(refused(FindingCode::eku_client_missing, Side::remote, "alert 43"),
                   refused(FindingCode::eku_client_missing, Side::local, "error 26 at depth 0"));
  CHECK_FALSE(verdict.passed);
  CHECK(verdict.side == "partner");
  CHECK(verdict.evidence == "error 26 at depth 0; the Edge saw: alert 43");

  // The Edge refused the partner's certificate.
  verdict = observe_path(refused(FindingCode::cert_expired, Side::local, "error 10"),
                         refused(FindingCode::cert_expired, Side::remote, "alert 45"));
  CHECK(verdict.side == "edge");

  // A real Edge: only the partner's end is seen, and the refusal is remote.
  verdict = observe_path(std::nullopt, refused(FindingCode::chain_untrusted, Side::remote, "48"));
  CHECK(verdict.side == "remote");
  CHECK(verdict.code == FindingCode::chain_untrusted);

  CHECK(observe_path(passed(), passed()).passed);
}

TEST_CASE("when the ends disagree, the evidence says which end's view is the cause", "[paths]") {
  // The Edge refused the partner's name after the handshake; the partner,
  // mid-exchange, only saw the connection fail.
  ConnectionOutcome edge = refused(FindingCode::name_mismatch, Side::local, "From partner.example");
  edge.stage = "sip request";
  Verdict verdict = observe_path(std::move(edge), refused(FindingCode::tls_handshake_failed,
                                                          Side::remote, "connection reset"));
  CHECK(verdict.side == "edge");
  CHECK(verdict.code == FindingCode::name_mismatch);
  CHECK(verdict.evidence ==
        "From partner.example; the partner saw: connection reset (the partner's view: "
        "TLS_HANDSHAKE_FAILED at handshake; the cause is the Edge's refusal at sip request)");
}

TEST_CASE("a receiver's certificate refusal outranks the initiator's missing method", "[paths]") {
  // The Edge withheld SASL EXTERNAL from a partner certificate it refused; the
  // partner, which may not use dialback, then refused on its own account.
  Verdict verdict = observe_path(
      refused(FindingCode::name_mismatch, Side::local, "not valid for partner.example"),
      refused(FindingCode::xmpp_sasl_external_not_offered, Side::local, "no SASL EXTERNAL"));
  CHECK(verdict.side == "edge");
  CHECK(verdict.code == FindingCode::name_mismatch);
  CHECK(verdict.evidence ==
        "not valid for partner.example; the partner saw: no SASL EXTERNAL (the partner's view: "
        "XMPP_SASL_EXTERNAL_NOT_OFFERED at handshake; the cause is the Edge's refusal at "
        "handshake)");

  // Without a refusal on the other side, the missing method is the cause.
  verdict = observe_path(passed(), refused(FindingCode::xmpp_sasl_external_not_offered, Side::local,
                                           "no SASL EXTERNAL"));
  CHECK(verdict.side == "partner");
  CHECK(verdict.code == FindingCode::xmpp_sasl_external_not_offered);
}

TEST_CASE("outcomes compare the observation with the expectation", "[paths]") {
  PathSpec spec;
  const Expectation pass{};
  const Expectation eku{FindingCode::eku_client_missing};
  // Outcomes own the certificates they saw, so each use makes a fresh one.
  auto eku_refusal = [] { return refused(FindingCode::eku_client_missing, Side::local, "26"); };
  auto other_refusal = [] { return refused(FindingCode::chain_untrusted, Side::local, "20"); };

  auto result = judged(pass, passed(), passed(), spec);
  CHECK(result.outcome == PathOutcome::pass);
  CHECK(result.met_expectation());

  result = judged(eku, std::nullopt, eku_refusal(), spec);
  CHECK(result.outcome == PathOutcome::expected_fail);
  CHECK(result.met_expectation());

  result = judged(eku, passed(), passed(), spec);
  CHECK(result.outcome == PathOutcome::unexpected_pass);
  CHECK(result.reason == "unexpected pass: want EKU_CLIENT_MISSING, got pass");
  CHECK_FALSE(result.met_expectation());

  result = judged(eku, std::nullopt, other_refusal(), spec);
  CHECK(result.outcome == PathOutcome::fail);
  CHECK(result.reason == "unexpected error: want EKU_CLIENT_MISSING, got CHAIN_UNTRUSTED");

  result = judged(pass, std::nullopt, other_refusal(), spec);
  CHECK(result.outcome == PathOutcome::fail);
  CHECK(result.reason == "unexpected failure: want pass, got CHAIN_UNTRUSTED");
}

TEST_CASE("a prediction that differs from the handshake is flagged", "[paths]") {
  PathReport path;
  path.observed = Verdict{true};
  CHECK_FALSE(path.prediction_disagrees());  // no prediction: nothing to disagree with
  path.predicted = Verdict{true};
  CHECK_FALSE(path.prediction_disagrees());
  path.predicted = Verdict{false, FindingCode::name_mismatch, "partner"};
  CHECK(path.prediction_disagrees());
  path.observed.reset();  // the path did not run
  CHECK_FALSE(path.prediction_disagrees());
}

TEST_CASE("a failure may also expect what the refused end received", "[paths]") {
  PathSpec spec;
  // The partner refused the Edge's certificate with alert 43. (Outcomes own
  // their certificates and move only: each judgement gets fresh ones.)
  auto edge = [] {
    ConnectionOutcome end = refused(FindingCode::eku_client_missing, Side::remote, "alert 43");
    end.tls.alert_received = net::Alert{43};
    return end;
  };
  auto partner = [] {
    ConnectionOutcome end = refused(FindingCode::eku_client_missing, Side::local, "error 26");
    end.tls.alert_sent = net::Alert{43};
    return end;
  };

  Expectation alert{.failure = FindingCode::eku_client_missing,
                    .remote_alert = "unsupported_certificate"};
  PathResult met = judged(alert, edge(), partner(), spec);
  CHECK(met.observed.remote_alert == "unsupported_certificate");
  CHECK(met.outcome == PathOutcome::expected_fail);

  Expectation other{.failure = FindingCode::eku_client_missing, .remote_alert = "bad_certificate"};
  PathResult missed = judged(other, edge(), partner(), spec);
  CHECK(missed.outcome == PathOutcome::fail);
  CHECK(missed.reason ==
        "failed with EKU_CLIENT_MISSING, but want remote alert bad_certificate, the refused end "
        "received unsupported_certificate");

  // Prosody refuses with a stream error, never an alert.
  auto initiator = [] {
    ConnectionOutcome end =
        refused(FindingCode::chain_untrusted, Side::remote, "stream error <not-authorized/>");
    end.stream_error_received = "not-authorized";
    return end;
  };
  auto receiver = [] { return refused(FindingCode::chain_untrusted, Side::local, "error 20"); };
  Expectation stream_error{.failure = FindingCode::chain_untrusted,
                           .remote_stream_error = "not-authorized"};
  CHECK(judged(stream_error, initiator(), receiver(), spec).outcome == PathOutcome::expected_fail);
  Expectation untrusted_alert{.failure = FindingCode::chain_untrusted,
                              .remote_alert = "unknown_ca"};
  PathResult no_alert = judged(untrusted_alert, initiator(), receiver(), spec);
  CHECK(no_alert.outcome == PathOutcome::fail);
  CHECK(
      no_alert.reason.ends_with("want remote alert unknown_ca, the refused end received nothing"));

  // A real Edge: what our refusing partner sent it.
  Verdict real = observe_path(std::nullopt, partner());
  CHECK(real.remote_alert == "unsupported_certificate");
}

TEST_CASE("a known failure of a real Edge: expected while it fails, reported once it passes",
          "[paths]") {
  PathSpec spec;
  Expectation known{.known_failure = "known.yaml:2: AOL's root not installed (CHG-1234)"};
  PathResult failing =
      judged(known, std::nullopt, refused(FindingCode::chain_untrusted, Side::remote, "48"), spec);
  CHECK(failing.outcome == PathOutcome::expected_fail);
  CHECK(failing.reason ==
        "failed with CHAIN_UNTRUSTED as known: known.yaml:2: AOL's root not installed (CHG-1234)");

  PathResult fixed = judged(known, std::nullopt, passed(), spec);
  CHECK(fixed.outcome == PathOutcome::unexpected_pass);
  CHECK(fixed.reason ==
        "unexpected pass: listed as a known failure (known.yaml:2: AOL's root not "
        "installed (CHG-1234)); take it off the list");

  known.failure = FindingCode::cert_expired;
  PathResult other =
      judged(known, std::nullopt, refused(FindingCode::chain_untrusted, Side::remote, "48"), spec);
  CHECK(other.outcome == PathOutcome::fail);
  CHECK(
      other.reason.starts_with("unexpected error: want CERT_EXPIRED (known failure, known.yaml:2"));
}
