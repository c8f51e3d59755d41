// libstrophe 0.12, an XMPP implementation independent of ours, initiates
// server-to-server streams to our receiver (xmpp::serve_stream) over real
// TLS on loopback: STARTTLS, SASL EXTERNAL, ping, and our receiver's refusals
// as libstrophe meets them.
#include <catch2/catch.hpp>

#include "net/tls_context.hpp"
#include "pki/lab_pki_files.hpp"
#include "receiver_thread.hpp"
#include "refusal_checks.hpp"
#include "strophe_s2s.hpp"
#include "test_support.hpp"
#include "util/files.hpp"

using namespace fedharness;
using namespace fedharness::net;
using fedharness::test::check_refusal;

namespace {

// Loopback answers in milliseconds; these bound a stream that went wrong.
constexpr std::chrono::seconds kLimit{10};
Deadlines receiver_deadlines() {
  Deadlines deadlines;
  for (Budget stage : {Budget::connect, Budget::tls, Budget::stream, Budget::starttls, Budget::auth,
                       Budget::answer, Budget::request}) {
    deadlines.set(stage, std::chrono::seconds(2));
  }
  return deadlines;
}

struct Exchange {
  test::StropheS2sOutcome strophe;
  ConnectionOutcome receiver;
};

// One stream libstrophe initiates as the Edge of `from`, to `to`, whose
// receiving server is ours running `policy`.
struct Stream {
  std::string policy = "xmpp-rfc6120";
  std::string from = "contoso.com";
  std::string to = "partner.example";
  bool present_certificate = true;
  std::string trust_file = "ca-with-issuer.pem";  // the lab's file libstrophe trusts
  std::optional<std::string> authzid;             // as sent; none: base64 of `from`
  std::optional<std::string> restarted_from;      // after SASL; none: `from`
  bool eager_ping = false;                        // ping before the restarted stream's features
};

struct Lab : test::SeedLab {
  test::TemporaryFolder folder;

  explicit Lab(std::vector<std::string> defects = {}) : SeedLab(defects, "partner.example") {
    write_lab_pki(pki, folder.path(), kDefaultPkcs12Password, "edge");
    // libstrophe reads only the first certificate of a PEM file
    // (SSL_CTX_use_certificate_file), so it sends no intermediate of its own;
    // OpenSSL completes a client chain from the CA certificates it trusts
    // (SSL_CTX_add_extra_chain_cert(3), NOTES), so those hold the issuing CA
    // too. Server certificates are still verified up to the lab root.
    write_file_atomically(
        folder.path() / "ca-with-issuer.pem",
        read_file(folder.path() / "root-ca.pem", InputKind::certificate) +
            read_file(folder.path() / "intermediate-ca.pem", InputKind::certificate),
        0644);
  }

  // Our receiver serves `to` with partner.example's certificate.
  Exchange outbound(const Stream& stream) {
    Policy policy = find_policy(stream.policy);
    xmpp::ReceiverConfig receiver{make_tls_context(TlsRole::server, policy, trust, &partner),
                                  &trust,
                                  &policy,
                                  {stream.to},
                                  receiver_deadlines()};
    test::ReceiverThread thread(receiver, kLimit);
    std::optional<test::StropheCredential> credential;
    if (stream.present_certificate) {
      credential =
          test::StropheCredential{folder.path() / "edge-chain.pem", folder.path() / "edge.key"};
    }
    Exchange exchange;
    exchange.strophe = test::run_strophe_s2s({.port = thread.port(),
                                              .from = stream.from,
                                              .to = stream.to,
                                              .trust = folder.path() / stream.trust_file,
                                              .credential = credential,
                                              .limit = kLimit,
                                              .authzid = stream.authzid,
                                              .restarted_from = stream.restarted_from,
                                              .eager_ping = stream.eager_ping});
    std::optional<ConnectionOutcome> outcome =
        thread.outcome(std::chrono::steady_clock::now() + kLimit);
    CAPTURE(exchange.strophe.log);
    REQUIRE(outcome.has_value());
    exchange.receiver = std::move(*outcome);
    return exchange;
  }
};

}  // namespace

TEST_CASE("libstrophe federates with our receiver: STARTTLS, SASL EXTERNAL, ping",
          "[interop][libstrophe]") {
  Lab lab;
  for (const char* policy : {"xmpp-rfc6120", "lync-xmpp", "prosody"}) {
    for (const char* from : {"contoso.com", "fabrikam.com"}) {
      Exchange exchange = lab.outbound({.policy = policy, .from = from});
      CAPTURE(policy, from, exchange.receiver.stage, exchange.receiver.evidence,
              exchange.strophe.log);
      CHECK(exchange.receiver.passed);
      CHECK(exchange.receiver.stage == "done");
      CHECK(exchange.receiver.tls.peer_chain.size() >= 2);  // the issuing CA came too
      CHECK(exchange.strophe.secured);
      CHECK(exchange.strophe.external_offered);
      CHECK(exchange.strophe.authenticated);
      CHECK(exchange.strophe.ping_answered);
      CHECK(exchange.strophe.ended);
    }
  }
}

TEST_CASE("a certificate without the stream's `from` among its SANs is NAME_MISMATCH",
          "[interop][libstrophe]") {
  Lab lab({"missing-san:fabrikam.com"});

  // Prosody's way (XEP-0178 §3): no EXTERNAL, a <not-authorized/> stream error.
  Exchange refused = lab.outbound({.from = "fabrikam.com"});
  CAPTURE(refused.strophe.log);
  check_refusal(refused.receiver, FindingCode::name_mismatch, Side::local);
  CHECK(refused.receiver.stage == "sasl");
  CHECK(refused.strophe.secured);
  CHECK(refused.strophe.stream_error == "not-authorized");
  CHECK_THAT(refused.strophe.stream_error_text, Catch::Contains("fabrikam.com"));
  CHECK_FALSE(refused.strophe.authenticated);
  CHECK(refused.strophe.ended);

  // ejabberd's way: EXTERNAL offered anyway, a SASL <failure/> at <auth>.
  Exchange failed = lab.outbound({.policy = "ejabberd", .from = "fabrikam.com"});
  CAPTURE(failed.strophe.log);
  check_refusal(failed.receiver, FindingCode::name_mismatch, Side::local);
  CHECK(failed.strophe.external_offered);
  CHECK(failed.strophe.sasl_failure == "not-authorized");
  CHECK_FALSE(failed.strophe.authenticated);
  CHECK(failed.strophe.ended);

  // The same certificate still covers contoso.com.
  CHECK(lab.outbound({.from = "contoso.com"}).receiver.passed);
}

TEST_CASE("libstrophe without a client certificate is CLIENT_CERT_MISSING",
          "[interop][libstrophe]") {
  Lab lab;

  // Lync's gateway asks for a certificate without demanding one: TLS
  // completes, and the stream error says what was missing.
  Exchange asked = lab.outbound({.policy = "lync-xmpp", .present_certificate = false});
  CAPTURE(asked.strophe.log);
  check_refusal(asked.receiver, FindingCode::client_cert_missing, Side::local);
  CHECK(asked.receiver.stage == "sasl");
  CHECK(asked.strophe.secured);
  CHECK(asked.strophe.stream_error == "not-authorized");
  CHECK_FALSE(asked.strophe.authenticated);
  CHECK(asked.strophe.ended);

  // An RFC 6120 server demands one in the handshake itself. Under TLS 1.3
  // the client's handshake is over before the server refuses (RFC 8446
  // §4.4.2.4, certificate_required), so libstrophe learns of it only on its
  // next read, before any stream feature.
  Exchange demanded = lab.outbound({.present_certificate = false});
  CAPTURE(demanded.strophe.log);
  check_refusal(demanded.receiver, FindingCode::client_cert_missing, Side::local);
  CHECK(demanded.receiver.stage == "handshake");
  CHECK_FALSE(demanded.strophe.external_offered);
  CHECK_FALSE(demanded.strophe.authenticated);
  CHECK(demanded.strophe.ended);
}

TEST_CASE("libstrophe sends no intermediate from a PEM file: CHAIN_UNTRUSTED without it",
          "[interop][libstrophe]") {
  // Trusting the root alone, OpenSSL has nothing to complete libstrophe's
  // chain with: the leaf arrives alone, and our receiver, which holds no
  // intermediate either, cannot reach its root.
  Lab lab;
  Exchange exchange = lab.outbound({.trust_file = "root-ca.pem"});
  CAPTURE(exchange.strophe.log);
  check_refusal(exchange.receiver, FindingCode::chain_untrusted, Side::local);
  CHECK(exchange.receiver.stage == "sasl");
  CHECK(exchange.receiver.tls.peer_chain.size() == 1);
  CHECK(exchange.strophe.stream_error == "not-authorized");
  CHECK(exchange.strophe.ended);
}

TEST_CASE("libstrophe verifies our receiver's certificate for the stream's `to`",
          "[interop][libstrophe]") {
  // Our receiver answers for other.example with partner.example's
  // certificate: libstrophe's own check refuses it (no certfail handler is
  // set, so a failed verification ends the handshake).
  Lab lab;
  Exchange exchange = lab.outbound({.to = "other.example"});
  CAPTURE(exchange.strophe.log);
  CHECK_FALSE(exchange.strophe.secured);
  CHECK_THAT(exchange.strophe.log, Catch::Contains("X509_V_ERR_HOSTNAME_MISMATCH"));
  // An alert says the certificate was refused, not why.
  check_refusal(exchange.receiver, FindingCode::tls_handshake_failed, Side::remote);
  CHECK(exchange.receiver.stage == "handshake");
  CHECK(exchange.receiver.evidence == "the other side sent alert bad_certificate (42)");
}

TEST_CASE("an EXTERNAL authorization identity other than the stream's `from` is invalid-authzid",
          "[interop][libstrophe]") {
  // The certificate covers contoso.com, the stream is from contoso.com, and
  // <auth/> asks to act as evil.example (RFC 6120 §6.4.6, XEP-0178 §3).
  Lab lab;
  Exchange evil = lab.outbound({.authzid = "ZXZpbC5leGFtcGxl"});  // base64 of evil.example
  CAPTURE(evil.strophe.log);
  check_refusal(evil.receiver, FindingCode::xmpp_auth_failed, Side::local);
  CHECK(evil.receiver.stage == "sasl");
  CHECK_THAT(evil.receiver.evidence, Catch::StartsWith("SASL EXTERNAL <invalid-authzid/>: ") &&
                                         Catch::Contains("'evil.example'") &&
                                         Catch::Contains("'contoso.com'"));
  CHECK(evil.strophe.secured);
  CHECK(evil.strophe.external_offered);
  CHECK(evil.strophe.sasl_failure == "invalid-authzid");
  CHECK_FALSE(evil.strophe.authenticated);
  CHECK_FALSE(evil.strophe.ping_sent);
  CHECK(evil.strophe.ended);

  // Not base64 at all.
  Exchange garbled = lab.outbound({.authzid = "not*base64"});
  CAPTURE(garbled.strophe.log);
  check_refusal(garbled.receiver, FindingCode::xmpp_auth_failed, Side::local);
  CHECK(garbled.receiver.evidence ==
        "SASL EXTERNAL <invalid-authzid/>: the authorization identity is not base64");
  CHECK(garbled.strophe.sasl_failure == "invalid-authzid");
  CHECK_FALSE(garbled.strophe.authenticated);
  CHECK(garbled.strophe.ended);
}

TEST_CASE("an EXTERNAL authorization identity of none (\"=\") is the stream's `from`",
          "[interop][libstrophe]") {
  Lab lab;
  Exchange exchange = lab.outbound({.authzid = "="});
  CAPTURE(exchange.receiver.stage, exchange.receiver.evidence, exchange.strophe.log);
  CHECK(exchange.receiver.passed);
  CHECK(exchange.receiver.stage == "done");
  CHECK(exchange.receiver.evidence ==
        "contoso.com authenticated with SASL EXTERNAL over STARTTLS and pinged");
  CHECK(exchange.strophe.authenticated);
  CHECK(exchange.strophe.sasl_failure.empty());
  CHECK(exchange.strophe.ping_answered);
  CHECK(exchange.strophe.ended);
}

TEST_CASE("a stream restarted after SASL from another domain is an invalid-from stream error",
          "[interop][libstrophe]") {
  // SASL EXTERNAL succeeds for contoso.com (certificate, stream and
  // authorization identity agree); the stream libstrophe restarts after
  // <success/> claims evil.example, and pings as evil.example without
  // waiting for features.
  Lab lab;
  Exchange exchange = lab.outbound({.authzid = "Y29udG9zby5jb20=",  // base64 of contoso.com
                                    .restarted_from = "evil.example",
                                    .eager_ping = true});
  CAPTURE(exchange.strophe.log);
  check_refusal(exchange.receiver, FindingCode::xmpp_stream_error, Side::local);
  CHECK(exchange.receiver.stage == "sasl");
  CHECK_THAT(exchange.receiver.evidence, Catch::StartsWith("stream error <invalid-from/>: ") &&
                                             Catch::Contains("'evil.example'") &&
                                             Catch::Contains("'contoso.com'"));
  CHECK(exchange.strophe.authenticated);
  CHECK(exchange.strophe.stream_error == "invalid-from");
  CHECK_THAT(exchange.strophe.stream_error_text, Catch::Contains("evil.example"));
  CHECK(exchange.strophe.ping_sent);
  CHECK_FALSE(exchange.strophe.ping_answered);  // nothing for evil.example is answered
  CHECK(exchange.strophe.ended);

  // The same, restarted from contoso.com, is answered.
  Exchange same = lab.outbound({.authzid = "Y29udG9zby5jb20=", .eager_ping = true});
  CAPTURE(same.receiver.evidence, same.strophe.log);
  CHECK(same.receiver.passed);
  CHECK(same.strophe.ping_sent);
  CHECK(same.strophe.ping_answered);
}
