#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace fedharness::net {

// What a transcript reads out of the handshake messages a peer sent: bytes
// that may be cut short or lie about their lengths.

/// What a transcript shows of a ClientHello (RFC 8446 §4.1.2, RFC 5246
/// §7.4.1.2): the SNI and the versions offered.
struct ClientHelloSummary {
  std::optional<std::string> server_name;    // the host_name of server_name (RFC 6066 §3), raw
  std::vector<uint16_t> supported_versions;  // supported_versions (RFC 8446 §4.2.1), if sent
  uint16_t legacy_version = 0;  // the highest version, for a client without supported_versions
};

/// What a transcript shows of a ServerHello (RFC 8446 §4.1.3).
struct ServerHelloSummary {
  uint16_t version = 0;  // supported_versions when present, else legacy_version
  uint16_t cipher_suite = 0;
  bool hello_retry_request = false;  // the HelloRetryRequest random (RFC 8446 §4.1.3)
};

/// Reads a ClientHello or ServerHello body (after the four-byte handshake
/// header) as a peer sent it; nullopt when it is cut short or malformed.
std::optional<ClientHelloSummary> read_client_hello(std::span<const uint8_t> body);
std::optional<ServerHelloSummary> read_server_hello(std::span<const uint8_t> body);

/// The number of certificates in a Certificate message body (RFC 8446 §4.4.2
/// for TLS 1.3, with its request context and per-entry extensions; RFC 5246
/// §7.4.2 before), and the leaf's DER; nullopt when malformed.
struct CertificateListSummary {
  size_t count = 0;
  std::span<const uint8_t> leaf;  // into `body`; empty when count is 0
};
std::optional<CertificateListSummary> read_certificate_list(std::span<const uint8_t> body,
                                                            bool tls13);

/// "TLSv1.3"; "0x7f1c" for a version without a name.
std::string tls_version_name(uint16_t version);

}  // namespace fedharness::net
