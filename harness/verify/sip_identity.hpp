#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pki/certificate_info.hpp"
#include "verify/policy.hpp"

namespace fedharness {

/// Whether a certificate names the SIP domain a verifier federates with, and
/// what was compared.
struct NameCheck {
  bool matches = true;
  std::string expected;                 // the reference identity: "sip.contoso.com"
  std::vector<std::string> identities;  // what the certificate offered under the rule
  std::string wildcard;  // the wildcard that matched, when no identity matched exactly
  std::string refusal;   // why a match does not count after all (name constraints)
};

/// What the certificate offered under the rule, for evidence: "a, b", or
/// "nothing usable"; then why a match did not count, if one did not.
std::string describe_identities(const NameCheck& check);

/// The names a SIP federation peer is known by: its domain, and the FQDN its
/// _sipfederationtls._tcp SRV record points to (sip.<domain> by convention).
struct PeerName {
  std::string domain;
  std::string srv_target;

  static PeerName for_domain(std::string_view domain);
};

/// Applies the policy's name rule to the peer's leaf certificate: the SRV
/// target for srv-target, the domain itself for RFC 5922.
NameCheck check_sip_name(const CertificateInfo& leaf, const PeerName& peer, const Policy& policy);

/// RFC 6125 §6.4.3 (RFC 9525 §6.3) as the policies allow it: '*' only as
/// the whole left-most label, matching exactly one non-empty label, and
/// never directly under a public suffix ("*.com", "*.co.uk" match nothing).
bool matches_wildcard(std::string_view pattern, std::string_view name);

}  // namespace fedharness
