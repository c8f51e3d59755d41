#include "scenario/edge_location.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "dns/discovery.hpp"
#include "dns/trust_anchors.hpp"
#include "net/connect.hpp"
#include "scenario/edge_service.hpp"

namespace fedharness {

using namespace net;

namespace {

/// One place a path can go, or the DNS fault that left it none.
struct Place {
  EdgeTarget target;
  std::optional<DnsFault> fault;
};
using Places = std::vector<Place>;

bool is_address(const std::string& host) {
  error_code error;
  asio::ip::make_address(host, error);
  return !error;
}

DnsFault fault_of(const dns::DiscoveryFinding& finding) {
  return {finding.code, finding.evidence};
}

// Every address of a target, each a place; none: its fault.
Places places_of(const dns::ServiceTarget& target, std::string record) {
  Places places;
  for (const asio::ip::address& address : target.addresses) {
    places.push_back({{target.host, address.to_string(), target.port, record,
                       DaneRecords{target.tlsa_name, target.tlsa}},
                      std::nullopt});
  }
  if (places.empty()) {
    dns::DiscoveryFinding none{FindingCode::dns_no_address, Severity::error,
                               fmt::format("{} has no A or AAAA record", target.host)};
    places.push_back({{target.host, "", target.port, std::move(record)},
                      fault_of(target.address_fault.value_or(none))});
  }
  return places;
}

class Locator {
 public:
  Locator(Scenario& scenario, dns::Resolver& resolver) : scenario_(scenario), resolver_(resolver) {}

  asio::awaitable<void> run() {
    std::vector<PathSpec> copies;
    for (PathSpec& path : scenario_.paths) {
      if (path.partner_server && !is_address(path.partner_server->host)) {
        co_await locate_partner_server(path);
      } else if (path.partner_server) {
        path.partner_server->address = path.partner_server->host;
      }
      if (scenario_.edge.simulated || path.direction != Direction::inbound) {
        continue;
      }
      Places places = co_await places_for(path);
      path.edge_target = places.front().target;
      path.dns_fault = places.front().fault;
      for (size_t i = 1; i < places.size(); ++i) {
        PathSpec copy = path;
        copy.id = fmt::format("{}@{}", path.id, target_text(places[i].target));
        copy.edge_target = places[i].target;
        copy.dns_fault = places[i].fault;
        copy.copy_of = path.index;
        copies.push_back(std::move(copy));
      }
    }
    for (PathSpec& copy : copies) {
      copy.index = scenario_.paths.size();
      scenario_.paths.push_back(std::move(copy));
    }
  }

 private:
  // A partner server connects where its name's first address is, as a
  // client does before it tries the next.
  asio::awaitable<void> locate_partner_server(PathSpec& path) {
    PartnerServer& server = *path.partner_server;
    dns::Discovery found = co_await dns::discover_host(resolver_, server.host, server.s2s_port);
    const dns::ServiceTarget& target = found.targets.front();
    if (!target.addresses.empty()) {
      server.address = target.addresses.front().to_string();
    } else {
      path.dns_fault = fault_of(*target.address_fault);
    }
  }

  // The places of a path's service (and, found through DNS, its domain),
  // looked up once for every path that shares them.
  asio::awaitable<Places> places_for(const PathSpec& path) {
    EdgeService service = service_of(path);
    std::string key = fmt::format("{} {}", static_cast<int>(service),
                                  scenario_.edge.domain.empty() ? "" : path.edge_domain);
    auto found = known_.find(key);
    if (found == known_.end()) {
      // Not `?:`: GCC 12 miscompiles co_await in a conditional expression.
      Places places;
      if (scenario_.edge.domain.empty()) {
        places = co_await server_places(service);
      } else {
        places = co_await published_places(path, service);
      }
      found = known_.emplace(key, std::move(places)).first;
    }
    co_return found->second;
  }

  asio::awaitable<Places> server_places(EdgeService service) {
    Places places;
    for (const EdgeServer& server : scenario_.edge.servers) {
      unsigned short port = port_of(service, server);
      if (is_address(server.host)) {
        places.push_back({{server.host, server.host, port, ""}, std::nullopt});
        continue;
      }
      dns::Discovery found = co_await dns::discover_host(resolver_, server.host, port);
      std::ranges::move(places_of(found.targets.front(), "A/AAAA " + server.host),
                        std::back_inserter(places));
    }
    co_return places;
  }

  // What a partner of the path's domain finds (dns/discovery.hpp).
  asio::awaitable<Places> published_places(const PathSpec& path, EdgeService service) {
    const std::string& domain = path.edge_domain;
    dns::Discovery found;
    if (service == EdgeService::sip) {
      found = co_await dns::discover_sip_federation(resolver_, domain, random_);
    } else {
      found = co_await dns::discover_xmpp_server(resolver_, domain, random_);
    }
    bool direct_tls = service == EdgeService::xmpp_direct_tls;
    std::erase_if(found.targets, [&](const dns::ServiceTarget& target) {
      return target.direct_tls != direct_tls;
    });
    // A scenario goes to every target anyway; what matters is that the
    // shards of one run agree on which is first, which RFC 2782's random
    // order within a priority would not.
    std::ranges::sort(found.targets, [](const dns::ServiceTarget& a, const dns::ServiceTarget& b) {
      return std::tie(a.priority, a.host, a.port) < std::tie(b.priority, b.host, b.port);
    });
    Places places;
    for (const dns::ServiceTarget& target : found.targets) {
      std::ranges::move(places_of(target, fmt::format("{} {}", target.type, target.name)),
                        std::back_inserter(places));
    }
    if (places.empty()) {
      places.push_back({{domain, "", 0, ""}, nowhere(found, service)});
    }
    co_return places;
  }

  // Why a domain's discovery gave no target of the path's kind.
  static DnsFault nowhere(const dns::Discovery& found, EdgeService service) {
    for (const dns::DiscoveryFinding& finding : found.findings) {
      if (finding.severity == Severity::error) {
        return fault_of(finding);
      }
    }
    // XMPP records exist, only none of the path's transport (XEP-0368 §3).
    return {FindingCode::dns_srv_missing,
            service == EdgeService::xmpp_direct_tls
                ? fmt::format("no SRV record _xmpps-server._tcp.{}: partners find no direct "
                              "TLS port (XEP-0368)",
                              found.domain)
                : fmt::format("no SRV record _xmpp-server._tcp.{}, only _xmpps-server: "
                              "partners find no STARTTLS port",
                              found.domain)};
  }

  Scenario& scenario_;
  dns::Resolver& resolver_;
  std::map<std::string, Places> known_;
  // Discovery orders targets within a priority by weight with it; the order
  // is sorted again above. A member: see probe_discovery.cpp.
  std::mt19937 random_{0};
};

}  // namespace

std::string target_text(const EdgeTarget& target) {
  if (target.address.empty()) {
    return fmt::format("{}:{}", target.host, target.port);
  }
  return endpoint_text(tcp::endpoint(asio::ip::make_address(target.address), target.port));
}

void locate_servers(Scenario& scenario, dns::ResolverOptions options) {
  if (options.server.empty()) {
    options.server = scenario.dns.resolver;
  }
  if (options.trust_anchors.empty() && !scenario.dns.trust_anchor.empty()) {
    options.trust_anchors = dns::read_trust_anchors(scenario.dns.trust_anchor);
  }
  asio::io_context io(1);
  dns::Resolver resolver(io.get_executor(), options);
  Locator locator(scenario, resolver);
  asio::co_spawn(io, locator.run(), [](std::exception_ptr error) {
    if (error) {
      std::rethrow_exception(error);
    }
  });
  io.run();
}

}  // namespace fedharness
