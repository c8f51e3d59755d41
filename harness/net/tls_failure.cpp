#include "net/tls_failure.hpp"

#include <fmt/core.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <boost/beast/core/error.hpp>

#include "net/dane.hpp"
#include "pki/certificate_info.hpp"
#include "verify/verify_error_codes.hpp"

namespace fedharness::net {
namespace {

std::string describe_verify_failure(const VerifyFailure& failure, const TrustStore& trust) {
  std::string subject = failure.certificate ? inspect_certificate(failure.certificate.get()).subject
                                            : std::string("?");
  return fmt::format("our verifier: {} ({})", describe_verify_error(failure, trust), subject);
}

// OpenSSL's own reason for a failed TLS operation, without an alert to go by.
std::optional<FindingCode> finding_for_ssl_reason(int reason) {
  switch (reason) {
    case SSL_R_NO_SHARED_CIPHER:
      return FindingCode::tls_no_shared_cipher;
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_WRONG_VERSION_NUMBER:
    case SSL_R_NO_PROTOCOLS_AVAILABLE:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_VERSION_TOO_HIGH:
      return FindingCode::tls_version_mismatch;
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
      return FindingCode::client_cert_missing;
    default:
      return std::nullopt;
  }
}

}  // namespace

FindingCode finding_for_remote_alert(const Alert& alert, TlsRole our_role, bool we_presented) {
  switch (alert.description) {
    case SSL_AD_UNSUPPORTED_CERTIFICATE:  // OpenSSL's alert for X509_V_ERR_INVALID_PURPOSE
      return our_role == TlsRole::client ? FindingCode::eku_client_missing
                                         : FindingCode::eku_server_missing;
    case SSL_AD_UNKNOWN_CA:
      return FindingCode::chain_untrusted;
    case SSL_AD_CERTIFICATE_EXPIRED:
      return FindingCode::cert_expired;
    case SSL_AD_CERTIFICATE_REQUIRED:  // TLS 1.3 (RFC 8446 §4.4.2.4)
      return FindingCode::client_cert_missing;
    case SSL_AD_HANDSHAKE_FAILURE:
      // OpenSSL's answer to a ClientHello without a usable cipher suite
      // (SSL_R_NO_SHARED_CIPHER on the server's side).
      if (our_role == TlsRole::client && alert.answers_client_hello) {
        return FindingCode::tls_no_shared_cipher;
      }
      // TLS 1.2 servers answer a missing client certificate so.
      return our_role == TlsRole::client && !we_presented ? FindingCode::client_cert_missing
                                                          : FindingCode::tls_handshake_failed;
    case SSL_AD_PROTOCOL_VERSION:
      return FindingCode::tls_version_mismatch;
    case SSL_AD_INSUFFICIENT_SECURITY:
      return FindingCode::tls_no_shared_cipher;
    default:
      return FindingCode::tls_handshake_failed;
  }
}

ConnectionOutcome classify_failure(const StageClock& clock, const error_code& error,
                                   TlsObservation observation, TlsRole role, Purpose demanded,
                                   const TrustStore& trust) {
  std::string stage = clock.stage();
  // Each branch works out code, side and evidence first: `observation` is
  // moved into the outcome last.
  auto outcome = [&](FindingCode code, Side side, std::string evidence) {
    return ConnectionOutcome{
        false, code, side, std::move(stage), std::move(evidence), std::move(observation)};
  };
  if (!observation.verify_failures.empty()) {
    const VerifyFailure& first = observation.verify_failures.front();
    if (first.error == X509_V_ERR_HOSTNAME_MISMATCH) {
      return outcome(FindingCode::name_mismatch, Side::local,
                     "our verifier: " + observation.name_failure);
    }
    if (first.error == X509_V_ERR_DANE_NO_MATCH && !observation.peer_chain.empty()) {
      X509* leaf = observation.peer_chain.front().get();
      return outcome(FindingCode::dane_mismatch, Side::local,
                     fmt::format("our verifier: no record of {} matches the chain; its leaf {} "
                                 "has the key 3 1 1 {}",
                                 observation.dane_records, inspect_certificate(leaf).subject,
                                 spki_sha256(leaf)));
    }
    return outcome(finding_for_failure(first, demanded, trust), Side::local,
                   describe_verify_failure(first, trust));
  }
  if (observation.alert_received) {
    const Alert& alert = *observation.alert_received;
    FindingCode code = finding_for_remote_alert(alert, role, observation.presented_certificate);
    return outcome(
        code, Side::remote,
        fmt::format("the other side sent alert {} ({})", alert.name(), alert.description));
  }
  if (error == beast::error::timeout) {
    return outcome(FindingCode::timeout, Side::remote,
                   clock.timeout_evidence(fmt::format("no end of the {} stage", stage)));
  }
  if (error.category() == asio::error::get_ssl_category()) {
    int reason = ERR_GET_REASON(static_cast<unsigned long>(error.value()));
    if (!is_tls_record_header(observation.first_bytes) || reason == SSL_R_HTTP_REQUEST ||
        reason == SSL_R_HTTPS_PROXY_REQUEST) {
      return outcome(FindingCode::not_tls, Side::remote,
                     fmt::format("the other side's first bytes are not a TLS record: \"{}\" "
                                 "(OpenSSL: {})",
                                 observation.first_bytes, error.message()));
    }
    FindingCode code = finding_for_ssl_reason(reason).value_or(FindingCode::tls_handshake_failed);
    std::string evidence = fmt::format("OpenSSL: {}", error.message());
    if (observation.alert_sent) {
      evidence += fmt::format("; we sent alert {} ({})", observation.alert_sent->name(),
                              observation.alert_sent->description);
    }
    // A refusal we made for our own reasons (no shared version or cipher, no
    // client certificate) is ours; the alert we sent says so to the other side.
    return outcome(code, observation.alert_sent ? Side::local : Side::remote, std::move(evidence));
  }
  if (error == asio::error::eof || error == asio::ssl::error::stream_truncated ||
      error == asio::error::connection_reset || error == asio::error::broken_pipe) {
    return outcome(
        FindingCode::peer_closed, Side::remote,
        fmt::format("the other side closed the connection during {} ({})", stage, error.message()));
  }
  return outcome(FindingCode::tls_handshake_failed, Side::local,
                 fmt::format("{}: {}", stage, error.message()));
}

}  // namespace fedharness::net
