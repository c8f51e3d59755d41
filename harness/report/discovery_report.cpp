#include "report/discovery_report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <ranges>

#include "net/dane.hpp"
#include "transcript/printable.hpp"

namespace fedharness {

namespace {

std::vector<std::string> address_texts(const dns::ServiceTarget& target) {
  std::vector<std::string> texts;
  for (const auto& address : target.addresses) {
    texts.push_back(address.to_string());
  }
  return texts;
}

std::vector<std::string> tlsa_texts(const dns::ServiceTarget& target) {
  std::vector<std::string> texts;
  for (const dns::TlsaRecord& record : target.tlsa) {
    texts.push_back(net::tlsa_text(record));
  }
  return texts;
}

}  // namespace

boost::json::value discovery_to_json(const dns::Discovery& discovery) {
  boost::json::array records;
  for (const dns::ServiceTarget& target : discovery.targets) {
    boost::json::array addresses;
    for (const std::string& address : address_texts(target)) {
      addresses.emplace_back(address);
    }
    boost::json::array tlsa;
    for (const std::string& record : tlsa_texts(target)) {
      tlsa.emplace_back(record);
    }
    records.push_back(boost::json::object{{"type", target.type},
                                          {"name", target.name},
                                          {"target", target.host},
                                          {"port", target.port},
                                          {"priority", target.priority},
                                          {"weight", target.weight},
                                          {"direct_tls", target.direct_tls},
                                          {"addresses", std::move(addresses)},
                                          {"dnssec", target.secure ? "secure" : "insecure"},
                                          {"tlsa", std::move(tlsa)}});
  }
  boost::json::array findings;
  for (const dns::DiscoveryFinding& finding : discovery.findings) {
    findings.push_back(boost::json::object{{"code", to_string(finding.code)},
                                           {"severity", to_string(finding.severity)},
                                           {"evidence", displayable(finding.evidence)},
                                           {"fix", info(finding.code).fix}});
  }
  return boost::json::object{
      {"domain", discovery.domain}, {"records", records}, {"findings", findings}};
}

void print_discovery_text(std::ostream& out, const dns::Discovery& discovery) {
  fmt::print(out, "discovery {}: {}\n", discovery.domain, discovery.passed() ? "pass" : "fail");
  for (const dns::ServiceTarget& target : discovery.targets) {
    std::vector<std::string> addresses = address_texts(target);
    std::string where = addresses.empty() ? std::string("no address")
                                          : fmt::format("{}", fmt::join(addresses, ", "));
    if (target.type == "SRV") {
      fmt::print(out, "  SRV {} {} {} {} {}{} -> {}\n", target.name, target.priority, target.weight,
                 target.port, target.host, target.direct_tls ? " (direct TLS)" : "", where);
    } else {
      fmt::print(out, "  {} {} port {} -> {}\n", target.type, target.host, target.port, where);
    }
    if (target.secure) {
      fmt::print(out, "    DNSSEC secure; TLSA {}: {}\n", target.tlsa_name,
                 target.tlsa.empty() ? std::string("none")
                                     : fmt::format("{}", fmt::join(tlsa_texts(target), ", ")));
    }
  }
  for (const dns::DiscoveryFinding& finding : discovery.findings) {
    fmt::print(out, "  {} {}: {}\n      fix: {}\n", to_string(finding.code),
               to_string(finding.severity), displayable(finding.evidence), info(finding.code).fix);
  }
}

}  // namespace fedharness
