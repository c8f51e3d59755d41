#include "dns/discovery.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "dns/srv_order.hpp"

namespace fedharness::dns {

using namespace net;

namespace {

constexpr uint16_t kXmppServerPort = 5269;  // RFC 6120 §3.2.2

// The fault an answer that is not data stands for; nothing for an empty
// answer, which each caller words itself.
std::optional<DiscoveryFinding> failure_finding(const Answer& answer, std::string_view asked) {
  switch (answer.status) {
    case Answer::Status::server_failure:
    case Answer::Status::timeout:
      return DiscoveryFinding{FindingCode::dns_server_failure, Severity::error,
                              fmt::format("{}: {}", asked, describe(answer))};
    case Answer::Status::bogus:
      return DiscoveryFinding{FindingCode::dnssec_bogus, Severity::error,
                              fmt::format("{}: {}", asked, answer.why)};
    default:
      return std::nullopt;
  }
}

// Every record of `answer` that `parse` reads; one it cannot read is the
// server's fault, named by what was `asked`.
template <typename Record>
std::vector<Record> parse_records(const Answer& answer, RecordType type, std::string_view asked,
                                  std::optional<Record> (*parse)(std::string_view),
                                  std::vector<DiscoveryFinding>& findings) {
  std::vector<Record> records;
  for (const std::string& rdata : answer.rdata) {
    if (std::optional<Record> record = parse(rdata)) {
      records.push_back(std::move(*record));
    } else {
      findings.push_back({FindingCode::dns_server_failure, Severity::error,
                          fmt::format("{}: a record that is not {} data ({} bytes)", asked,
                                      to_string(type), rdata.size())});
    }
  }
  return records;
}

/// The SRV records at `name`, as found: nothing, records, or a fault.
struct SrvLookup {
  bool found = false;   // the name has SRV records
  bool secure = false;  // validated: so is the absence of records (RFC 4035 §5.4)
  std::vector<SrvRecord> records;
};

asio::awaitable<SrvLookup> lookup_srv(Resolver& resolver, const std::string& name,
                                      std::vector<DiscoveryFinding>& findings) {
  Answer answer = co_await resolver.lookup(name, RecordType::srv);
  std::string asked = fmt::format("SRV {}", name);
  if (auto failure = failure_finding(answer, asked)) {
    findings.push_back(std::move(*failure));
    co_return SrvLookup{};
  }
  SrvLookup lookup{.found = answer.status == Answer::Status::data, .secure = answer.secure};
  lookup.records = parse_records(answer, RecordType::srv, asked, parse_srv, findings);
  co_return lookup;
}

// RFC 2782: "A Target of '.' means that the service is decidedly not
// available at this domain."
bool says_not_available(const SrvLookup& lookup) {
  return lookup.records.size() == 1 && lookup.records.front().target == ".";
}

ServiceTarget target_of(const SrvRecord& record, const SrvLookup& lookup, const std::string& name,
                        bool direct_tls) {
  return ServiceTarget{.type = "SRV",
                       .name = name,
                       .host = record.target,
                       .port = record.port,
                       .priority = record.priority,
                       .weight = record.weight,
                       .direct_tls = direct_tls,
                       .secure = lookup.secure};
}

// A host's A and AAAA addresses, with a finding for each fault; `secure`
// stays true only when every answer was validated.
asio::awaitable<std::vector<asio::ip::address>> resolve_host(
    Resolver& resolver, const std::string& host, std::vector<DiscoveryFinding>& findings,
    bool& secure) {
  std::vector<asio::ip::address> addresses;
  bool failed = false;
  for (RecordType type : {RecordType::aaaa, RecordType::a}) {
    Answer answer = co_await resolver.lookup(host, type);
    secure = secure && answer.secure;
    if (auto failure = failure_finding(answer, fmt::format("{} {}", to_string(type), host))) {
      findings.push_back(std::move(*failure));
      failed = true;
      continue;
    }
    for (const std::string& rdata : answer.rdata) {
      if (auto address = parse_address(type, rdata)) {
        addresses.push_back(*address);
      }
    }
  }
  if (addresses.empty() && !failed) {
    findings.push_back({FindingCode::dns_no_address, Severity::error,
                        fmt::format("{} has no A or AAAA record", host)});
  }
  co_return addresses;
}

// RFC 7673 §3: a target reached by validated SRV and address records has
// its TLSA records at _PORT._tcp.TARGET; only validated ones count. A bogus
// answer or a failure there leaves DANE undecided: a finding.
asio::awaitable<void> lookup_tlsa(Resolver& resolver, ServiceTarget& target,
                                  std::vector<DiscoveryFinding>& findings) {
  target.tlsa_name = fmt::format("_{}._tcp.{}", target.port, target.host);
  Answer answer = co_await resolver.lookup(target.tlsa_name, RecordType::tlsa);
  std::string asked = fmt::format("TLSA {}", target.tlsa_name);
  if (auto failure = failure_finding(answer, asked)) {
    findings.push_back(std::move(*failure));
    co_return;
  }
  if (answer.status == Answer::Status::data && answer.secure) {
    target.tlsa = parse_records(answer, RecordType::tlsa, asked, parse_tlsa, findings);
  }
}

asio::awaitable<void> resolve_targets(Resolver& resolver, Discovery& discovery) {
  for (ServiceTarget& target : discovery.targets) {
    size_t known = discovery.findings.size();
    target.addresses =
        co_await resolve_host(resolver, target.host, discovery.findings, target.secure);
    if (target.addresses.empty() && discovery.findings.size() > known) {
      target.address_fault = discovery.findings[known];
    }
    if (target.secure && !target.addresses.empty()) {
      co_await lookup_tlsa(resolver, target, discovery.findings);
    }
  }
}

}  // namespace

bool Discovery::passed() const {
  return std::ranges::none_of(findings, [](const DiscoveryFinding& finding) {
    return finding.severity == Severity::error;
  });
}

asio::awaitable<Discovery> discover_host(Resolver& resolver, std::string host, uint16_t port) {
  Discovery discovery{.domain = host};
  // Nothing above the addresses to validate: they alone decide.
  discovery.targets.push_back(
      {.type = "A/AAAA", .name = host, .host = host, .port = port, .secure = true});
  co_await resolve_targets(resolver, discovery);
  co_return discovery;
}

asio::awaitable<Discovery> discover_sip_federation(Resolver& resolver, std::string domain,
                                                   std::mt19937& random) {
  Discovery discovery{.domain = domain};
  std::string name = "_sipfederationtls._tcp." + domain;
  size_t faults = discovery.findings.size();
  SrvLookup lookup = co_await lookup_srv(resolver, name, discovery.findings);
  if (discovery.findings.size() > faults) {
    co_return discovery;
  }
  if (!lookup.found || says_not_available(lookup)) {
    discovery.findings.push_back(
        {FindingCode::dns_srv_missing, Severity::error,
         lookup.found ? fmt::format("SRV {} says the service is not available (target '.')", name)
                      : fmt::format("no SRV record {}: federation partners cannot find the "
                                    "Access Edge",
                                    name)});
    co_return discovery;
  }
  for (size_t i : srv_order(lookup.records, random)) {
    discovery.targets.push_back(target_of(lookup.records[i], lookup, name, false));
  }
  co_await resolve_targets(resolver, discovery);
  co_return discovery;
}

asio::awaitable<Discovery> discover_xmpp_server(Resolver& resolver, std::string domain,
                                                std::mt19937& random) {
  Discovery discovery{.domain = domain};
  std::string direct_name = "_xmpps-server._tcp." + domain;
  std::string starttls_name = "_xmpp-server._tcp." + domain;
  size_t faults = discovery.findings.size();
  SrvLookup direct = co_await lookup_srv(resolver, direct_name, discovery.findings);
  SrvLookup starttls = co_await lookup_srv(resolver, starttls_name, discovery.findings);
  if (discovery.findings.size() > faults) {
    co_return discovery;
  }
  if (says_not_available(starttls)) {
    discovery.findings.push_back(
        {FindingCode::dns_srv_missing, Severity::error,
         fmt::format("SRV {} says the service is not available (target '.')", starttls_name)});
    co_return discovery;
  }
  // XEP-0368 §3: both kinds of record are one set for RFC 2782's ordering;
  // a '.' among the direct TLS ones leaves the STARTTLS ones.
  std::vector<SrvRecord> records;
  std::vector<bool> is_direct;
  if (!says_not_available(direct)) {
    records = direct.records;
    is_direct.assign(records.size(), true);
  }
  records.insert(records.end(), starttls.records.begin(), starttls.records.end());
  is_direct.resize(records.size(), false);
  if (records.empty()) {
    // RFC 6120 §3.2.2: only when there is no SRV record at all, the domain
    // itself on the default port.
    discovery.findings.push_back(
        {FindingCode::dns_srv_missing, Severity::warning,
         fmt::format("no SRV record {} (nor {}): partners fall back to {}:{} (RFC 6120 §3.2.2)",
                     starttls_name, direct_name, domain, kXmppServerPort)});
    // The absence of SRV records must be validated too for DANE to apply.
    discovery.targets.push_back(ServiceTarget{.type = "A/AAAA",
                                              .name = domain,
                                              .host = domain,
                                              .port = kXmppServerPort,
                                              .secure = direct.secure && starttls.secure});
  }
  for (size_t i : srv_order(records, random)) {
    discovery.targets.push_back(target_of(records[i], is_direct[i] ? direct : starttls,
                                          is_direct[i] ? direct_name : starttls_name,
                                          is_direct[i]));
  }
  co_await resolve_targets(resolver, discovery);
  co_return discovery;
}

}  // namespace fedharness::dns
