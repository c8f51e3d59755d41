#include "topology/requirements.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "topology/public_im.hpp"

namespace fedharness {
namespace {

void require_name(CertificateRequirements& requirements, const std::string& name,
                  std::string reason) {
  auto existing = std::ranges::find(requirements.names, name, &RequiredName::dns_name);
  if (existing != requirements.names.end()) {
    existing->reasons.push_back(std::move(reason));
    return;
  }
  requirements.names.push_back({name, {std::move(reason)}, name == requirements.subject_cn});
}

}  // namespace

CertificateRequirements derive_requirements(const Topology& topology) {
  CertificateRequirements requirements;
  requirements.subject_cn = topology.access_fqdn;
  // TLS ignores the subject when SANs exist (RFC 6125 §6.4.4), so the subject
  // must be repeated as the first SAN.
  require_name(requirements, topology.access_fqdn, "the subject, repeated");
  require_name(requirements, topology.webconf_fqdn, "web conferencing Edge");
  // SIP partners find the Access Edge through _sipfederationtls._tcp.<domain>,
  // whose target is sip.<domain>, and Lync checks that name.
  for (const auto& domain : topology.sip_domains) {
    require_name(requirements, "sip." + domain, fmt::format("SIP domain {}", domain));
  }
  // XMPP partners check the bare domain (RFC 6120 §13.7.1.2 DNS-ID).
  for (const auto& domain : topology.xmpp_domains) {
    require_name(requirements, domain, fmt::format("XMPP domain {}", domain));
  }
  for (const auto& name : topology.public_im) {
    auto provider = find_public_im_provider(name);
    if (provider && provider->demands_client_eku) {
      requirements.client_auth = true;
      requirements.client_auth_reasons.push_back(std::string(provider->description));
    }
  }
  return requirements;
}

}  // namespace fedharness
