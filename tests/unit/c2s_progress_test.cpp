// What libstrophe 0.12.2's log tells of a client session, as it logged real
// sessions with Prosody 0.12 (tests/integration/prosody_c2s_test.sh runs
// them live).
#include "xmpp/c2s_progress.hpp"

#include <catch2/catch.hpp>

using namespace fedharness::xmpp;
using namespace std::chrono_literals;

namespace {

constexpr const char* kFeatures =
    "RECV: <features xmlns=\"http://etherx.jabber.org/streams\"><mechanisms "
    "xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><mechanism>PLAIN</mechanism><mechanism>SCRAM-"
    "SHA-1</mechanism></mechanisms></features>";

C2sProgress session() {
  return C2sProgress("127.0.0.1:5222", "/lab/root-ca.pem");
}

// Up to a verified TLS session and the SASL mechanisms offered.
void secure(C2sProgress& progress) {
  progress.read_log(false, "xmpp", "connection successful");
  progress.read_log(false, "xmpp", "proceeding with TLS");
  progress.read_log(false, "tls", "Certificate verification passed");
  progress.read_log(false, "xmpp", kFeatures);
}

}  // namespace

TEST_CASE("a session that logged in names the trust and the SASL mechanism", "[c2s]") {
  C2sProgress progress = session();
  secure(progress);
  progress.read_log(false, "xmpp", "SASL SCRAM-SHA-1 auth successful");
  CHECK(progress.success() ==
        "STARTTLS (the server's certificate verified against /lab/root-ca.pem), SASL "
        "SCRAM-SHA-1, resource bound");
}

TEST_CASE("a refused TCP connection is a connect failure with the errno in words", "[c2s]") {
  C2sProgress progress = session();
  progress.read_log(false, "xmpp", "connection failed, error 111");
  progress.stream_ended({});
  C2sOutcome outcome = progress.failure(0ms);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.stage == "connect");
  CHECK(outcome.evidence == "no TCP connection to 127.0.0.1:5222: Connection refused (errno 111)");
}

TEST_CASE("a certificate that does not verify is a tls failure with OpenSSL's reason", "[c2s]") {
  C2sProgress progress = session();
  progress.read_log(false, "xmpp", "connection successful");
  progress.read_log(false, "xmpp", "proceeding with TLS");
  progress.read_log(true, "tls", "No certfail handler set, canceling connection attempt");
  progress.read_log(
      false, "tls",
      "Certificate verification FAILED, result=X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY(20)");
  progress.read_log(false, "tls", "error:0A000086:SSL routines::certificate verify failed");
  progress.stream_ended({});
  C2sOutcome outcome = progress.failure(0ms);
  CHECK(outcome.stage == "tls");
  CHECK(outcome.evidence ==
        "the server's certificate did not verify against /lab/root-ca.pem: "
        "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20: unable to get local issuer "
        "certificate) (libstrophe: tls: No certfail handler set, canceling connection attempt)");
}

TEST_CASE("a SASL failure is an auth failure naming the mechanism and the condition", "[c2s]") {
  C2sProgress progress = session();
  secure(progress);
  progress.read_log(false, "xmpp",
                    "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><not-authorized/>"
                    "<text>The response provided by the client doesn't match the one we "
                    "calculated.</text></failure>");
  progress.read_log(false, "xmpp", "SASL SCRAM-SHA-1 auth failed");
  progress.read_log(true, "auth", "Cannot authenticate with known methods");
  progress.stream_ended({});
  C2sOutcome outcome = progress.failure(0ms);
  CHECK(outcome.stage == "auth");
  CHECK(outcome.evidence ==
        "the server refused SASL SCRAM-SHA-1: <not-authorized/> \"The response provided by "
        "the client doesn't match the one we calculated.\" (libstrophe: auth: Cannot "
        "authenticate with known methods)");
}

TEST_CASE("no usable mechanism is an auth failure listing what the server offered", "[c2s]") {
  C2sProgress progress = session();
  secure(progress);
  progress.read_log(true, "auth", "No node in JID, and SASL ANONYMOUS unsupported.");
  progress.stream_ended({});
  CHECK(progress.failure(0ms).evidence ==
        "no SASL authentication; the server offered SASL PLAIN, SCRAM-SHA-1 (libstrophe: auth: "
        "No node in JID, and SASL ANONYMOUS unsupported.)");
}

TEST_CASE("a stream error is named as the server's", "[c2s]") {
  C2sProgress progress = session();
  progress.read_log(false, "xmpp", "connection successful");
  progress.read_log(false, "xmpp", "proceeding with TLS");
  progress.read_log(false, "tls", "Certificate verification passed");
  progress.stream_ended({"not-authorized", "Your server's certificate could not be validated"});
  C2sOutcome outcome = progress.failure(0ms);
  CHECK(outcome.stage == "auth");
  CHECK(outcome.evidence ==
        "no SASL authentication; the server ended the stream with <not-authorized/> \"Your "
        "server's certificate could not be validated\"");
  CHECK(progress.problems() ==
        "the server's stream error <not-authorized/> \"Your server's certificate could not be "
        "validated\"");
}

TEST_CASE("giving up names the step that did not finish and the time waited", "[c2s]") {
  C2sProgress progress = session();
  CHECK(progress.failure(5000ms).evidence == "no TCP connection to 127.0.0.1:5222 within 5000 ms");
  progress.read_log(false, "xmpp", "connection successful");
  CHECK(progress.failure(5000ms).stage == "tls");
  CHECK(progress.failure(5000ms).evidence ==
        "the server did not proceed with STARTTLS within 5000 ms");
  progress.read_log(false, "xmpp", "proceeding with TLS");
  CHECK(progress.failure(5000ms).evidence == "no TLS handshake within 5000 ms");
  progress.read_log(false, "tls", "Certificate verification passed");
  CHECK(progress.failure(5000ms).evidence == "SASL did not complete within 5000 ms");
  progress.read_log(false, "xmpp", "SASL PLAIN auth successful");
  CHECK(progress.failure(5000ms).stage == "bind");
  CHECK(progress.failure(5000ms).evidence == "no resource was bound within 5000 ms");
}

TEST_CASE("what libstrophe logs of what it sent is never kept", "[c2s]") {
  // SASL PLAIN's <auth/> carries the password in base64 (RFC 4616 §2).
  C2sProgress progress = session();
  progress.read_log(true, "conn",
                    "SENT: <auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" "
                    "mechanism=\"PLAIN\">AGFsaWNlAHNlY3JldA==</auth>");
  progress.read_log(true, "conn", "SENT: </stream:stream>");
  CHECK(progress.problems().empty());
  CHECK_THAT(progress.failure(0ms).evidence, !Catch::Contains("AGFsaWNl"));
}
