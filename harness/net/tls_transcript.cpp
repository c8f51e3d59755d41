#include "net/tls_transcript.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/x509_vfy.h>

#include <span>
#include <vector>

#include "net/handshake_summary.hpp"
#include "net/tls_observation.hpp"
#include "pki/certificate_info.hpp"

namespace fedharness::net {
namespace {

// HandshakeType (RFC 8446 §4, RFC 5246 §7.4), as Wireshark names them.
std::string handshake_name(uint8_t type) {
  switch (type) {
    case 0:
      return "HelloRequest";
    case 1:
      return "ClientHello";
    case 2:
      return "ServerHello";
    case 4:
      return "NewSessionTicket";
    case 5:
      return "EndOfEarlyData";
    case 8:
      return "EncryptedExtensions";
    case 11:
      return "Certificate";
    case 12:
      return "ServerKeyExchange";
    case 13:
      return "CertificateRequest";
    case 14:
      return "ServerHelloDone";
    case 15:
      return "CertificateVerify";
    case 16:
      return "ClientKeyExchange";
    case 20:
      return "Finished";
    case 24:
      return "KeyUpdate";
    default:
      return fmt::format("handshake message {}", type);
  }
}

std::string subject_of(X509* certificate) {
  return certificate == nullptr ? std::string("(no certificate)")
                                : inspect_certificate(certificate).subject;
}

std::string describe_client_hello(std::span<const uint8_t> body) {
  std::optional<ClientHelloSummary> hello = read_client_hello(body);
  if (!hello) {
    return "ClientHello (malformed)";
  }
  // RFC 6066 §3 allows names up to 2^16 bytes; a DNS name has at most 253.
  std::string sni = hello->server_name ? hello->server_name->substr(0, 255) : "none";
  if (hello->supported_versions.empty()) {
    // Before TLS 1.3 the legacy_version is the highest one offered (RFC 5246 §7.4.1.2).
    return fmt::format("ClientHello SNI={} versions=up to {}", sni,
                       tls_version_name(hello->legacy_version));
  }
  std::vector<std::string> versions;
  for (uint16_t version : hello->supported_versions) {
    versions.push_back(tls_version_name(version));
  }
  return fmt::format("ClientHello SNI={} versions={}", sni, fmt::join(versions, ","));
}

std::string describe_server_hello(SSL* ssl, std::span<const uint8_t> body) {
  std::optional<ServerHelloSummary> hello = read_server_hello(body);
  if (!hello) {
    return "ServerHello (malformed)";
  }
  const unsigned char suite[] = {static_cast<unsigned char>(hello->cipher_suite >> 8),
                                 static_cast<unsigned char>(hello->cipher_suite & 0xff)};
  const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, suite);
  return fmt::format("{} {} {}", hello->hello_retry_request ? "HelloRetryRequest" : "ServerHello",
                     tls_version_name(hello->version),
                     cipher != nullptr ? SSL_CIPHER_get_name(cipher)
                                       : fmt::format("cipher 0x{:04x}", hello->cipher_suite));
}

std::string describe_certificate(SSL* ssl, std::span<const uint8_t> body) {
  std::optional<CertificateListSummary> list =
      read_certificate_list(body, SSL_version(ssl) == TLS1_3_VERSION);
  if (!list) {
    return "Certificate (malformed)";
  }
  if (list->count == 0) {
    return "Certificate: empty, no certificate presented";
  }
  const unsigned char* der = list->leaf.data();
  X509Ptr leaf(d2i_X509(nullptr, &der, static_cast<long>(list->leaf.size())));
  return fmt::format("Certificate: {} certificate{}, leaf {}", list->count,
                     list->count == 1 ? "" : "s",
                     leaf ? subject_of(leaf.get()) : std::string("(not DER)"));
}

std::string describe_handshake(SSL* ssl, std::span<const uint8_t> message) {
  // Type (1 byte) and length (3 bytes) come before the body (RFC 8446 §4).
  if (message.size() < 4) {
    return "handshake message (cut short)";
  }
  std::span<const uint8_t> body = message.subspan(4);
  switch (message[0]) {
    case SSL3_MT_CLIENT_HELLO:
      return describe_client_hello(body);
    case SSL3_MT_SERVER_HELLO:
      return describe_server_hello(ssl, body);
    case SSL3_MT_CERTIFICATE:
      return describe_certificate(ssl, body);
    default:
      return handshake_name(message[0]);
  }
}

}  // namespace

void transcribe_tls_message(Transcript& transcript, SSL* ssl, bool sent, int content_type,
                            std::span<const uint8_t> message) {
  Flow flow = sent ? Flow::sent : Flow::received;
  if (content_type == SSL3_RT_HANDSHAKE) {
    transcript.note(flow, "TLS " + describe_handshake(ssl, message));
  } else if (content_type == SSL3_RT_ALERT && message.size() == 2) {
    // AlertLevel, then AlertDescription (RFC 8446 §6).
    transcript.note(flow, fmt::format("TLS alert {} ({})", Alert{message[1]}.name(),
                                      message[0] == 2 ? "fatal" : "warning"));
  }
}

void transcribe_verify_result(Transcript& transcript, int depth, X509* certificate, int error,
                              std::string_view detail) {
  std::string verdict = error == X509_V_OK ? std::string(detail.empty() ? "ok" : detail)
                                           : fmt::format("error {} ({}){}{}", error,
                                                         X509_verify_cert_error_string(error),
                                                         detail.empty() ? "" : ": ", detail);
  transcript.note(Flow::local, fmt::format("TLS verify depth {} {}: {}", depth,
                                           subject_of(certificate), verdict));
}

void transcribe_handshake_done(Transcript& transcript, const SSL* ssl) {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
  transcript.note(Flow::local,
                  fmt::format("TLS handshake complete: {} {}",
                              tls_version_name(static_cast<uint16_t>(SSL_version(ssl))),
                              cipher != nullptr ? SSL_CIPHER_get_name(cipher) : "(no cipher)"));
}

}  // namespace fedharness::net
