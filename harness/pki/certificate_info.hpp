#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pki/openssl_ptr.hpp"

namespace fedharness {

/// What a person (and the checks) need to know about one certificate, read
/// once out of the X509 structure.
struct CertificateInfo {
  std::string subject;  // RFC 2253 form: "CN=sip.contoso.com,O=Contoso"
  std::string issuer;
  std::string common_name;              // the most specific CN of the subject, or empty
  std::vector<std::string> dns_names;   // dNSName SANs, lower case
  std::vector<std::string> uris;        // uniformResourceIdentifier SANs, as written
  std::vector<std::string> srv_ids;     // id-on-dnsSRV otherName SANs (RFC 4985), lower case
  std::vector<std::string> xmpp_addrs;  // id-on-xmppAddr otherName SANs (RFC 6120 §13.7.1.4)
  bool has_san_extension = false;
  std::vector<std::string> ca_issuers;          // AIA caIssuers URIs: where its issuer is published
  std::optional<std::vector<std::string>> eku;  // absent: no EKU extension, any purpose
  bool allows_server_auth = true;
  bool allows_client_auth = true;
  std::string key;  // "EC P-256", "RSA 2048"
  int key_base_id = 0;
  int key_bits = 0;
  std::string signature_algorithm;  // "ecdsa-with-SHA256"
  int signature_digest_nid = 0;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  bool self_issued = false;  // subject == issuer and signed by its own key
  bool is_ca = false;
  // What names this certificate and no other, as Windows shows it
  // (certlm.msc, Get-ChildItem Cert:): uppercase hex, no separators.
  std::string serial;
  std::string sha1_thumbprint;
  std::string sha256_fingerprint;
};

CertificateInfo inspect_certificate(X509* certificate);

/// "2026-11-25 13:17 UTC"
std::string format_utc(std::chrono::system_clock::time_point at);

/// "2026-11-25T13:17:05Z": ISO 8601 / RFC 3339, UTC.
std::string iso8601_utc(std::chrono::system_clock::time_point at);

/// The reverse: "2027-03-01T12:00:00Z", or a date alone, "2027-03-01"
/// (midnight UTC); nothing for any other text or an impossible date.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text);

}  // namespace fedharness
