#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace fedharness::test {

/// The certificate and key libstrophe presents, as PEM files.
struct StropheCredential {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

/// A server-to-server stream for libstrophe to initiate.
struct StropheS2sConfig {
  unsigned short port = 0;  // on 127.0.0.1
  std::string from;         // the initiating domain; by default the SASL authorization identity
  std::string to;  // the receiving domain; libstrophe verifies the server certificate for it
  std::filesystem::path trust;                  // the CA file libstrophe verifies with
  std::optional<StropheCredential> credential;  // none: no client certificate
  std::chrono::milliseconds limit{10000};       // for the whole stream
  // The text of <auth mechanism='EXTERNAL'/> as sent: a base64 authorization
  // identity, or "=" for none (RFC 6120 §6.4.2). None: base64 of `from`.
  std::optional<std::string> authzid;
  // The `from` of the stream restarted after SASL <success/>, and of the
  // ping on it. None: `from`.
  std::optional<std::string> restarted_from;
  // Ping with the restarted stream's header, before its features arrive:
  // the ping is sent even when the receiver answers the header with an error.
  bool eager_ping = false;
};

/// How far libstrophe got, and what it was told.
struct StropheS2sOutcome {
  bool secured = false;           // STARTTLS done, the server certificate verified
  bool external_offered = false;  // SASL EXTERNAL among the mechanisms
  bool authenticated = false;     // SASL <success/>
  bool ping_sent = false;         // the XEP-0199 ping
  bool ping_answered = false;     // its result
  std::string stream_error;       // the condition of a <stream:error/>, e.g. "not-authorized"
  std::string stream_error_text;
  std::string sasl_failure;  // the condition of a SASL <failure/>
  bool ended = false;        // the connection was over before the limit
  std::string log;           // libstrophe's own log, for evidence
};

/// libstrophe, driven through its raw-connection API (no client-to-server
/// negotiation), opens a stream as a server would (RFC 6120 §4.7, jabber:server),
/// STARTTLS (§5), SASL EXTERNAL with the initiating domain (§6, XEP-0178 §3),
/// restarts the stream, pings (XEP-0199) and closes the stream. Its own
/// event loop runs on the calling thread, never past `config.limit`, save
/// inside libstrophe's TLS handshake: that one is synchronous, with no
/// timeout of its own, and only the server ending the connection ends it.
StropheS2sOutcome run_strophe_s2s(const StropheS2sConfig& config);

}  // namespace fedharness::test
