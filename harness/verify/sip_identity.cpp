// Identity of a SIP federation peer's certificate.
//
// RFC 5922 §7.1: the identities of a certificate are its sip: URI SANs with no
// user part; only when there is none, its dNSName SANs; only when there is no
// subjectAltName extension at all, the subject CN. §7.2/§7.3: compared with the
// domain of the request (not the SRV target), case-insensitively, without
// wildcards or suffix matching.
//
// Lync / Skype for Business compare the SRV target of
// _sipfederationtls._tcp.<domain>, the FQDN sip.<domain>, with the DNS names of
// the certificate (subject when no SAN), no wildcards; Teams Direct Routing
// accepts a one-level wildcard.
#include "verify/sip_identity.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "topology/dns_name.hpp"
#include "verify/public_suffix.hpp"

namespace fedharness {
namespace {

// "sip:example.com" -> "example.com"; a URI with a user part
// ("sip:alice@example.com") or another scheme names no domain (RFC 5922 §7.1).
std::string uri_domain(std::string_view uri) {
  std::string lower = lowercase_ascii(uri);
  if (!lower.starts_with("sip:") || lower.find('@') != std::string::npos) {
    return {};
  }
  std::string_view host = std::string_view(lower).substr(4);
  host = host.substr(0, host.find_first_of(";:?"));
  return std::string(host);
}

std::vector<std::string> rfc5922_identities(const CertificateInfo& leaf) {
  std::vector<std::string> identities;
  for (const auto& uri : leaf.uris) {
    if (std::string domain = uri_domain(uri); !domain.empty()) {
      identities.push_back(domain);
    }
  }
  if (identities.empty()) {
    identities = leaf.dns_names;
  }
  if (identities.empty() && !leaf.has_san_extension && !leaf.common_name.empty()) {
    identities.push_back(lowercase_ascii(leaf.common_name));
  }
  return identities;
}

std::vector<std::string> dns_identities(const CertificateInfo& leaf) {
  if (!leaf.dns_names.empty()) {
    return leaf.dns_names;
  }
  if (!leaf.has_san_extension && !leaf.common_name.empty()) {
    return {lowercase_ascii(leaf.common_name)};
  }
  return {};
}

}  // namespace

bool matches_wildcard(std::string_view pattern, std::string_view name) {
  // "*.com" or "*.co.uk" stands for every registrant's domain under a
  // public suffix: no CA may issue it (CA/B Baseline Requirements §3.2.2.6),
  // OpenSSL's host check refuses the first, careful verifiers both.
  if (!pattern.starts_with("*.") ||
      PublicSuffixList::system().is_public_suffix(lowercase_ascii(pattern.substr(2)))) {
    return false;
  }
  auto dot = name.find('.');
  return dot != std::string_view::npos && dot > 0 &&
         lowercase_ascii(name.substr(dot)) == lowercase_ascii(pattern.substr(1));
}

std::string describe_identities(const NameCheck& check) {
  std::string offered = check.identities.empty()
                            ? std::string("nothing usable")
                            : fmt::format("{}", fmt::join(check.identities, ", "));
  return check.refusal.empty() ? offered : fmt::format("{}; {}", offered, check.refusal);
}

PeerName PeerName::for_domain(std::string_view domain) {
  std::string lower = lowercase_ascii(domain);
  return {lower, "sip." + lower};
}

NameCheck check_sip_name(const CertificateInfo& leaf, const PeerName& peer, const Policy& policy) {
  NameCheck check;
  switch (policy.names) {
    case NameRule::none:
      return check;
    case NameRule::srv_target:
      check.expected = lowercase_ascii(peer.srv_target);
      check.identities = dns_identities(leaf);
      break;
    case NameRule::xmpp:  // an XMPP policy on a SIP path: the domain as a DNS-ID
      check.expected = lowercase_ascii(peer.domain);
      check.identities = dns_identities(leaf);
      break;
    case NameRule::rfc5922:
      check.expected = lowercase_ascii(peer.domain);
      check.identities = rfc5922_identities(leaf);
      break;
  }
  check.matches = std::ranges::find(check.identities, check.expected) != check.identities.end();
  if (!check.matches && policy.wildcards) {
    auto wildcard = std::ranges::find_if(check.identities, [&](const std::string& identity) {
      return matches_wildcard(identity, check.expected);
    });
    if (wildcard != check.identities.end()) {
      check.matches = true;
      check.wildcard = *wildcard;
    }
  }
  return check;
}

}  // namespace fedharness
