#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <system_error>

namespace fedharness {

/// Every verdict the harness can give, as a stable code. The spelling of each
/// code (see finding_code.cpp) is part of the interface: scenarios expect
/// codes by name and CI jobs grep for them, so a code is never renamed.
enum class FindingCode {
  subject_mismatch,
  san_missing,
  subject_not_in_san,
  eku_server_missing,
  eku_client_missing,
  cert_expired,
  cert_not_yet_valid,
  cert_expires_soon,
  cert_self_signed,
  chain_untrusted,
  chain_incomplete,
  chain_invalid,
  key_too_weak,
  signature_weak,
  key_mismatch,
  // What a handshake and the application exchange after it can end with.
  connect_failed,
  timeout,
  not_tls,
  tls_version_mismatch,
  tls_no_shared_cipher,
  client_cert_missing,
  name_mismatch,
  tls_handshake_failed,
  sip_error_response,
  sip_no_response,
  protocol_violation,
  peer_closed,
  // XMPP server-to-server (RFC 6120, XEP-0178, XEP-0220).
  xmpp_starttls_not_offered,
  xmpp_sasl_external_not_offered,
  xmpp_auth_failed,
  xmpp_dialback_failed,
  xmpp_stream_error,
  xmpp_message_not_delivered,
  // A pool of Edge servers behind DNS or hardware load balancing.
  pool_cert_mismatch,
  // Discovery: DNS records that send partners to the wrong place or nowhere.
  dns_srv_missing,
  dns_srv_misdirected,
  dns_no_address,
  dns_server_failure,
  dnssec_bogus,
  dane_mismatch,
};

enum class Severity { error, warning };

/// What a code means and how to fix it: the one place that says so.
struct FindingCodeInfo {
  FindingCode code;
  std::string_view name;  // the stable string, e.g. "SAN_MISSING"
  Severity severity;
  std::string_view meaning;
  std::string_view fix;
  std::string_view arises;   // where: the command, stage and side that report it
  std::string_view example;  // typical evidence, as a report shows it
};

/// Every code, in the order of the enum.
std::span<const FindingCodeInfo> finding_catalogue();

const FindingCodeInfo& info(FindingCode code);
std::string_view to_string(FindingCode code);
std::string_view to_string(Severity severity);
std::optional<FindingCode> finding_code_from_string(std::string_view name);

/// Lets a finding travel as a std::error_code (category "fedharness.finding").
const std::error_category& finding_category();
std::error_code make_error_code(FindingCode code);

}  // namespace fedharness

template <>
struct std::is_error_code_enum<fedharness::FindingCode> : std::true_type {};
