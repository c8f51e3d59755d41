#include "dns/published_records.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "net/dane.hpp"

namespace fedharness::dns {

using namespace net;

namespace {

constexpr uint16_t kSipFederationPort = 5061;  // Lync / Skype for Business Access Edge
constexpr uint16_t kXmppServerPort = 5269;     // RFC 6120 §3.2.2

void check_targets(Discovery& discovery, const Topology& topology,
                   const PublishedCertificate& certificate, uint16_t port) {
  const std::vector<std::string>& certificate_names = certificate.names;
  for (const ServiceTarget& target : discovery.targets) {
    if (target.type != "SRV") {
      continue;  // XMPP's fallback to the domain has its warning already
    }
    if (target.host != topology.access_fqdn || target.port != port) {
      discovery.findings.push_back(
          {FindingCode::dns_srv_misdirected, Severity::warning,
           fmt::format("SRV {} points at {}:{}, not at the Access Edge {}:{}", target.name,
                       target.host, target.port, topology.access_fqdn, port)});
    }
    if (std::ranges::find(certificate_names, target.host) == certificate_names.end()) {
      discovery.findings.push_back(
          {FindingCode::name_mismatch, Severity::error,
           fmt::format("SRV {} points at {}, which the certificate does not name (it names: {})",
                       target.name, target.host, fmt::join(certificate_names, ", "))});
    }
    DaneRecords dane{target.tlsa_name, target.tlsa};
    if (dane.records.empty()) {
      continue;
    }
    if (auto why = dane_mismatch(*certificate.chain, dane, *certificate.trust)) {
      std::vector<std::string> records;
      for (const TlsaRecord& record : target.tlsa) {
        records.push_back(tlsa_text(record));
      }
      discovery.findings.push_back(
          {FindingCode::dane_mismatch, Severity::error,
           fmt::format("TLSA {} ({}) does not match the certificate: {}; its key is 3 1 1 {}",
                       target.tlsa_name, fmt::join(records, ", "), *why,
                       spki_sha256(certificate.chain->front().get()))});
    }
  }
}

}  // namespace

asio::awaitable<std::vector<Discovery>> check_published_records(
    Resolver& resolver, const Topology& topology, const PublishedCertificate& certificate,
    std::mt19937& random) {
  std::vector<Discovery> discoveries;
  for (const std::string& domain : topology.sip_domains) {
    Discovery discovery = co_await discover_sip_federation(resolver, domain, random);
    check_targets(discovery, topology, certificate, kSipFederationPort);
    discoveries.push_back(std::move(discovery));
  }
  for (const std::string& domain : topology.xmpp_domains) {
    Discovery discovery = co_await discover_xmpp_server(resolver, domain, random);
    check_targets(discovery, topology, certificate, kXmppServerPort);
    discoveries.push_back(std::move(discovery));
  }
  co_return discoveries;
}

}  // namespace fedharness::dns
