// Identity of an XMPP server's certificate: RFC 6120 §13.7.1.2 and §13.7.2,
// with RFC 6125 (obsoleted by RFC 9525, which keeps these rules).
//
// The reference identifier is the domain. A certificate offers it as
//  - XmppAddr: an id-on-xmppAddr otherName SAN holding the domain
//    (RFC 6120 §13.7.1.4), compared exactly;
//  - SRV-ID: an id-on-dnsSRV otherName SAN "_xmpp-server.<domain>" (RFC 4985,
//    RFC 6125 §6.5.1), the service label and then the domain;
//  - DNS-ID: a dNSName SAN, where '*' may stand for the whole left-most label
//    and matches exactly one label (RFC 6125 §6.4.3);
//  - CN-ID: the subject CN, only when the certificate has no SAN of those
//    types (RFC 6125 §6.4.4), and only where the server still accepts it.
// Which of these a server accepts differs (Prosody: all four; ejabberd
// before 25.07: no SRV-ID), so each is a switch of the policy.
#include "verify/xmpp_identity.hpp"

#include <algorithm>

#include "topology/dns_name.hpp"

namespace fedharness {
namespace {

constexpr std::string_view kXmppServerService = "_xmpp-server.";

// A DNS-ID (or an SRV-ID's domain): an exact match, or one through a
// wildcard, which name constraints may still refuse (name_constraints.hpp).
void consider_dns_id(NameCheck& check, bool& exact, const std::string& identity,
                     const std::string& domain, bool wildcards) {
  if (identity == domain) {
    exact = true;
  } else if (wildcards && check.wildcard.empty() && matches_wildcard(identity, domain)) {
    check.wildcard = identity;
  }
}

}  // namespace

NameCheck check_xmpp_name(const CertificateInfo& leaf, std::string_view domain,
                          const Policy& policy) {
  NameCheck check;
  if (policy.names == NameRule::none) {
    return check;
  }
  const XmppNames& rules = policy.xmpp_names;
  std::string reference = lowercase_ascii(domain);
  check.expected = reference;
  bool exact = false;
  if (rules.xmpp_addr) {
    for (const auto& address : leaf.xmpp_addrs) {
      check.identities.push_back("XmppAddr " + address);
      exact = exact || lowercase_ascii(address) == reference;
    }
  }
  if (rules.srv_id) {
    for (const auto& srv : leaf.srv_ids) {
      check.identities.push_back("SRV-ID " + srv);
      if (srv.starts_with(kXmppServerService)) {
        consider_dns_id(check, exact, srv.substr(kXmppServerService.size()), reference,
                        policy.wildcards);
      }
    }
  }
  for (const auto& name : leaf.dns_names) {
    check.identities.push_back("DNS-ID " + name);
    consider_dns_id(check, exact, name, reference, policy.wildcards);
  }
  bool has_identifier_sans =
      !leaf.dns_names.empty() || !leaf.srv_ids.empty() || !leaf.xmpp_addrs.empty();
  if (rules.common_name && !has_identifier_sans && !leaf.common_name.empty()) {
    check.identities.push_back("CN " + leaf.common_name);
    consider_dns_id(check, exact, lowercase_ascii(leaf.common_name), reference, policy.wildcards);
  }
  if (exact) {
    check.wildcard.clear();  // an exact identity needs no wildcard
  }
  check.matches = exact || !check.wildcard.empty();
  return check;
}

}  // namespace fedharness
