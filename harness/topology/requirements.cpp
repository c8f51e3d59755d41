#include "topology/requirements.hpp"

#include <fmt/core.h>

#include <unordered_map>

#include "topology/public_im.hpp"

namespace fedharness {
namespace {

// Adds each name once, in first-come order, with every reason it is needed;
// an index keeps a topology of thousands of domains linear.
class NameList {
 public:
  explicit NameList(CertificateRequirements& requirements) : requirements_(requirements) {}

  void require(const std::string& name, std::string reason) {
    auto [existing, added] = index_.try_emplace(name, requirements_.names.size());
    if (!added) {
      requirements_.names[existing->second].reasons.push_back(std::move(reason));
      return;
    }
    requirements_.names.push_back({name, {std::move(reason)}, name == requirements_.subject_cn});
  }

 private:
  CertificateRequirements& requirements_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace

CertificateRequirements derive_requirements(const Topology& topology) {
  CertificateRequirements requirements;
  requirements.subject_cn = topology.access_fqdn;
  NameList names(requirements);
  // TLS ignores the subject when SANs exist (RFC 6125 §6.4.4), so the subject
  // must be repeated as the first SAN.
  names.require(topology.access_fqdn, "the subject, repeated");
  names.require(topology.webconf_fqdn, "web conferencing Edge");
  // SIP partners find the Access Edge through _sipfederationtls._tcp.<domain>,
  // whose target is sip.<domain>, and Lync checks that name.
  for (const auto& domain : topology.sip_domains) {
    names.require("sip." + domain, fmt::format("SIP domain {}", domain));
  }
  // XMPP partners check the bare domain (RFC 6120 §13.7.1.2 DNS-ID).
  for (const auto& domain : topology.xmpp_domains) {
    names.require(domain, fmt::format("XMPP domain {}", domain));
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
