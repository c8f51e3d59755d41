#pragma once

#include <openssl/ssl.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "transcript/transcript.hpp"
#include "verify/chain_verification.hpp"

namespace fedharness::net {

/// A TLS alert (RFC 8446 §6) with its registered name.
struct Alert {
  int description;  // AlertDescription, e.g. 43 unsupported_certificate
  // A client's received alert that came instead of a ServerHello: the server
  // found nothing it could use in the ClientHello (RFC 8446 §4.1.1: no
  // acceptable cipher suite, group or signature algorithm).
  bool answers_client_hello = false;

  std::string name() const;  // "unsupported_certificate"
};

/// Whether `name` is the registered name of an alert (RFC 8446 §6), as
/// Alert::name() spells it.
bool is_alert_name(std::string_view name);

/// What one end saw of a TLS connection: the verdicts of its own verifier,
/// alerts in both directions, and what was negotiated. Filled in by OpenSSL's
/// callbacks while the handshake and the reads run.
struct TlsObservation {
  std::vector<VerifyFailure> verify_failures;  // ours; the first one made us refuse
  std::string name_failure;                    // our name check's evidence, when it refused
  std::string dane_records;  // what DANE checked the chain against (dane.hpp); empty: no DANE
  std::optional<Alert> alert_sent;
  std::optional<Alert> alert_received;
  bool presented_certificate = false;  // we had a certificate to send
  std::string version;                 // "TLSv1.3"
  std::string cipher;
  std::vector<X509Ptr> peer_chain;  // what the other side presented, leaf first
  // The first bytes the peer sent: the header of its first record (RFC 8446
  // §5.1: type, version, length), and when that is no TLS record, some of
  // what came after it: what shows a peer that does not speak TLS.
  std::string first_bytes;
};

/// Whether `header`, the first bytes of a record, can start a TLS record
/// (RFC 8446 §5.1: a content type from 20 to 24, then a version 3.x).
bool is_tls_record_header(std::string_view header);

/// Checks the peer's leaf certificate for the name the policy demands, with
/// the CAs above it (for their name constraints); empty when acceptable,
/// else the evidence of the mismatch.
using NameCheckHook = std::function<std::string(X509* leaf, const std::vector<X509*>& issuers)>;

/// What the verify callback does with a failure: refuse the handshake at
/// the first one, as OpenSSL-based SIP servers do, or record it and let the
/// handshake finish, as XMPP servers do, deciding at SASL (ejabberd) or with
/// a stream error after TLS (Prosody).
enum class OnVerifyFailure { refuse, record };

/// Attaches `observation` to `ssl` (alert recording through the info
/// callback) and installs our verify callback: it records every failure
/// OpenSSL reports and, once the chain is good, runs `name_check` on the leaf,
/// failing with X509_V_ERR_HOSTNAME_MISMATCH when it does not match. With a
/// `transcript`, the TLS messages, every verify result per depth and the
/// handshake's end go there too. Both must outlive the connection.
void observe(SSL* ssl, TlsObservation& observation, NameCheckHook name_check,
             OnVerifyFailure on_failure = OnVerifyFailure::refuse,
             Transcript* transcript = nullptr);

/// Fills version, cipher and the peer's chain after a handshake.
void record_session(SSL* ssl, TlsObservation& observation);

}  // namespace fedharness::net
