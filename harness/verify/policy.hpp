#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "verify/chain_verification.hpp"

namespace fedharness {

/// Whether the accepting side asks for a client certificate (mutual TLS).
enum class ClientCertificate { required, optional, none };

/// How the verifying side decides that the peer's certificate names the
/// domain it federates with.
enum class NameRule {
  none,        // no name checked (OpenSSL without a host name: Kamailio's tls module)
  srv_target,  // the SRV target FQDN sip.<domain>, as Lync compares it
  rfc5922,     // RFC 5922 §7.1: sip: URI SANs first, then DNS-IDs, CN only without SANs
  xmpp,        // RFC 6120 §13.7.1.2: XmppAddr, SRV-ID, DNS-ID (CN per policy)
};

/// Which XMPP identifiers a server accepts (see xmpp_identity.cpp).
struct XmppNames {
  bool xmpp_addr = true;
  bool srv_id = true;
  bool common_name = false;

  bool operator==(const XmppNames&) const = default;
};

/// When the receiving server offers SASL EXTERNAL (XEP-0178): only for an
/// acceptable certificate, as the XEP says, or always, checking at <auth>
/// (ejabberd).
enum class ExternalOffer { when_acceptable, always, never };

/// How a server runs XMPP server-to-server streams.
struct XmppSettings {
  ExternalOffer sasl_external = ExternalOffer::when_acceptable;
  bool dialback = false;  // XEP-0220 accepted (receiving) or used (initiating)

  bool operator==(const XmppSettings&) const = default;
};

enum class TlsVersion { tls1_0, tls1_1, tls1_2, tls1_3 };

/// How a federation partner (or the Edge) verifies the other side: a file
/// under scenarios/policies/, so that a user can copy one and change it.
struct Policy {
  std::string name;
  std::string description;
  std::filesystem::path source;

  // As the accepting side (TLS server).
  ClientCertificate client_certificate = ClientCertificate::required;
  Purpose client_purpose = Purpose::any;  // what OpenSSL checks on the client's chain

  // As the connecting side (TLS client).
  Purpose server_purpose = Purpose::tls_server;
  // DANE (RFC 6698, RFC 7673): where the server's SRV target has
  // DNSSEC-validated TLSA records, the chain must match one of them, and a
  // DANE-TA or DANE-EE match stands in for the CA (Prosody's use_dane).
  bool dane = false;

  NameRule names = NameRule::srv_target;
  bool wildcards = false;  // a '*' as the whole left-most label (RFC 6125 §6.4.3)
  XmppNames xmpp_names;
  XmppSettings xmpp;

  TlsVersion min_version = TlsVersion::tls1_2;
  TlsVersion max_version = TlsVersion::tls1_3;
  // OpenSSL cipher strings, empty for OpenSSL's defaults: `ciphers` for TLS 1.2
  // and below (SSL_CTX_set_cipher_list), `ciphersuites` for TLS 1.3
  // (SSL_CTX_set_ciphersuites), as a hardened or an old server restricts them.
  std::string ciphers;
  std::string ciphersuites;
  // OpenSSL's security level (SSL_CTX_set_security_level, 0 to 5): the least
  // key size and signature digest this end accepts of the other, and may
  // itself present. Unset: the system's (Debian's openssl.cnf: 2, RSA-2048 and
  // no SHA-1). Windows' SChannel has no such level: the lync policies say 0.
  std::optional<int> security_level;

  bool operator==(const Policy&) const = default;
};

/// Reads a policy file; throws BadInput "file:line: field: what".
Policy load_policy(const std::filesystem::path& path);
Policy parse_policy(const std::string& yaml, const std::filesystem::path& source);

/// A built-in policy by name (scenarios/policies/<name>.yaml), or a policy
/// file when `name_or_path` names one (it contains '/' or ends in .yaml).
Policy find_policy(const std::string& name_or_path);

/// The folder of the built-in policies.
std::filesystem::path builtin_policy_directory();

/// The built-in policies' names, sorted: "aol", "ejabberd", ...
std::vector<std::string> builtin_policy_names();

std::string_view to_string(Purpose purpose);
std::string_view to_string(NameRule rule);
std::string_view to_string(ExternalOffer offer);
std::string_view to_string(TlsVersion version);

}  // namespace fedharness
