#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <set>

#include "dns/resolver.hpp"
#include "scenario/expectation_reader.hpp"
#include "scenario/known_failures.hpp"
#include "scenario/scenario.hpp"
#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"
#include "util/yaml_fields.hpp"

namespace fedharness {
namespace {

class ScenarioReader {
 public:
  ScenarioReader(const YamlFields& fields, const std::filesystem::path& file)
      : fields_(fields), folder_(file.parent_path()) {}

  Scenario read() {
    const YAML::Node& root = fields_.root();
    fields_.expect_map(root, "",
                       {"name", "topology", "edge", "trust", "deadlines", "dns", "paths"});
    Scenario scenario;
    scenario.file = fields_.source();
    scenario.id = fields_.source().stem().string();
    scenario.name = fields_.scalar(fields_.required(root, "name", ""), "name");
    YAML::Node topology = fields_.required(root, "topology", "");
    scenario.topology = load_relative_topology(topology);
    scenario.edge = read_edge(fields_.required(root, "edge", ""), scenario.topology);
    if (auto trust = root["trust"]) {
      scenario.trust = read_trust(trust);
    }
    if (auto deadlines = root["deadlines"]) {
      scenario.deadlines = read_deadlines(deadlines);
    }
    if (auto dns = root["dns"]) {
      scenario.dns = read_dns(dns);
    }
    YAML::Node paths = fields_.required(root, "paths", "");
    if (!paths.IsSequence() || paths.size() == 0) {
      fields_.fail(paths, "paths", "expected a list of at least one path");
    }
    std::set<std::string> ids;
    for (size_t i = 0; i < paths.size(); ++i) {
      PathSpec path = read_path(paths[i], fmt::format("paths[{}]", i), scenario.topology);
      path.index = i;
      // The lab issues partner certificates afresh for every run, from a
      // root a real Edge cannot trust: such a path could only ever fail.
      if (!scenario.edge.simulated && path.partner_server) {
        fields_.fail(paths[i]["partner_server"], fmt::format("paths[{}].partner_server", i),
                     "a real partner server is federated with the simulated Edge; with a real "
                     "Edge the harness would be neither end");
      }
      if (!scenario.edge.simulated && !path.partner_server &&
          path.partner_certificate.kind == PartnerCertificate::Kind::lab) {
        fields_.fail(paths[i], fmt::format("paths[{}]", i),
                     "a real Edge trusts only partner certificates it knows; give "
                     "partner_certificate: {cert: FILE, key: FILE} (or none)");
      }
      if (!ids.insert(path.id).second) {
        fields_.fail(paths[i]["id"], fmt::format("paths[{}].id", i),
                     fmt::format("'{}' is used by another path of this scenario", path.id));
      }
      scenario.paths.push_back(std::move(path));
    }
    if (!scenario.edge.known_failures.empty()) {
      apply_known_failures(scenario.edge.known_failures, scenario.id, scenario.paths);
    }
    if (scenario.edge.servers.size() > 1 && scenario.topology.pool.empty()) {
      fields_.fail(root["edge"]["address"]["pool"], "edge.address.pool",
                   "the topology has no edge.pool: its Edge is one server");
    }
    return scenario;
  }

 private:
  std::filesystem::path relative(const YAML::Node& node, const std::string& field) {
    return folder_ / fields_.scalar(node, field);
  }

  Topology load_relative_topology(const YAML::Node& node) {
    std::filesystem::path path = relative(node, "topology");
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(path, ignored)) {
      fields_.fail(node, "topology", fmt::format("{} does not exist", path.string()));
    }
    return load_topology(path);
  }

  Policy policy(const YAML::Node& node, const std::string& field) {
    std::string name = fields_.scalar(node, field);
    try {
      return find_policy(name.ends_with(".yaml") ? relative(node, field).string() : name);
    } catch (const BadInput& error) {
      fields_.fail(node, field, error.what());
    }
  }

  EdgeSpec read_edge(const YAML::Node& node, const Topology& topology) {
    fields_.expect_map(node, "edge", {"simulated", "address"});
    EdgeSpec edge;
    edge.policy = find_policy("lync");
    edge.xmpp_policy = find_policy("lync-xmpp");
    if (node["simulated"] && node["address"]) {
      fields_.fail(node, "edge", "either simulated or address, not both");
    }
    if (auto address = node["address"]) {
      fields_.expect_map(
          address, "edge.address",
          {"host", "domain", "sip_port", "xmpp_port", "xmpp_tls_port", "pool", "known_failures"});
      edge.simulated = false;
      if (auto domain = address["domain"]) {
        edge.domain = read_edge_domain(address, topology);
      } else {
        edge.servers.push_back(read_server(address, "edge.address", EdgeServer{}));
      }
      if (auto pool = address["pool"]) {
        read_pool(pool, edge);
      }
      if (auto list = address["known_failures"]) {
        edge.known_failures = existing_file(list, "edge.address.known_failures");
      }
      return edge;
    }
    YAML::Node simulated = fields_.required(node, "simulated", "edge");
    if (simulated.IsNull()) {
      return edge;  // "simulated:" alone: the lab certificate without defects
    }
    fields_.expect_map(simulated, "edge.simulated",
                       {"certificate", "policy", "xmpp_policy", "listen", "partner_roots"});
    if (auto listen = simulated["listen"]) {
      fields_.expect_map(listen, "edge.simulated.listen",
                         {"host", "sip_port", "xmpp_port", "xmpp_tls_port"});
      if (auto host = listen["host"]) {
        edge.listen.host = read_ip_address(host, "edge.simulated.listen.host");
      }
      read_optional_port(listen, "edge.simulated.listen", "sip_port", edge.listen.sip_port);
      read_optional_port(listen, "edge.simulated.listen", "xmpp_port", edge.listen.xmpp_port);
      read_optional_port(listen, "edge.simulated.listen", "xmpp_tls_port",
                         edge.listen.xmpp_tls_port);
    }
    if (auto roots = simulated["partner_roots"]) {
      edge.partner_roots = existing_file(roots, "edge.simulated.partner_roots");
    }
    if (auto policy_node = simulated["policy"]) {
      edge.policy = policy(policy_node, "edge.simulated.policy");
    }
    if (auto policy_node = simulated["xmpp_policy"]) {
      edge.xmpp_policy = policy(policy_node, "edge.simulated.xmpp_policy");
    }
    if (auto certificate = simulated["certificate"]) {
      read_certificate(certificate, edge);
    }
    return edge;
  }

  // {host, sip_port, xmpp_port, xmpp_tls_port}, the ports as in `defaults`
  // unless given.
  EdgeServer read_server(const YAML::Node& node, const std::string& field, EdgeServer defaults) {
    EdgeServer server = std::move(defaults);
    server.host = read_host(fields_.required(node, "host", field), field + ".host");
    read_optional_port(node, field, "sip_port", server.sip_port);
    read_optional_port(node, field, "xmpp_port", server.xmpp_port);
    read_optional_port(node, field, "xmpp_tls_port", server.xmpp_tls_port);
    return server;
  }

  // `domain: contoso.com`, alone: the Edge is where DNS says, for every port.
  std::string read_edge_domain(const YAML::Node& address, const Topology& topology) {
    for (const char* other : {"host", "sip_port", "xmpp_port", "xmpp_tls_port", "pool"}) {
      if (address[other]) {
        fields_.fail(address[other], fmt::format("edge.address.{}", other),
                     "an Edge found through DNS (edge.address.domain) is wherever its SRV "
                     "records point: give either domain or host and ports");
      }
    }
    std::string domain = lowercase_ascii(fields_.scalar(address["domain"], "edge.address.domain"));
    auto among = [&domain](const std::vector<std::string>& domains) {
      return std::ranges::find(domains, domain) != domains.end();
    };
    if (!among(topology.sip_domains) && !among(topology.xmpp_domains)) {
      fields_.fail(address["domain"], "edge.address.domain",
                   fmt::format("'{}' is none of the topology's SIP or XMPP domains", domain));
    }
    return domain;
  }

  // The further members of a real Edge pool, their ports as the address's
  // unless given.
  void read_pool(const YAML::Node& node, EdgeSpec& edge) {
    if (!node.IsSequence() || node.size() == 0) {
      fields_.fail(node, "edge.address.pool", "expected a list of {host: ADDRESS} members");
    }
    for (size_t i = 0; i < node.size(); ++i) {
      std::string field = fmt::format("edge.address.pool[{}]", i);
      fields_.expect_map(node[i], field, {"host", "sip_port", "xmpp_port", "xmpp_tls_port"});
      edge.servers.push_back(read_server(node[i], field, edge.servers.front()));
    }
  }

  // {defects: [...]} for the lab certificate, or {cert:, key:, password_file:}.
  void read_certificate(const YAML::Node& node, EdgeSpec& edge) {
    const std::string field = "edge.simulated.certificate";
    if (auto user = read_certificate_choice(node, field, edge.defects)) {
      edge.user_certificate = std::move(user);
    }
  }

  // `none`, {defects: [...]}, or {cert:, key:, password_file:}.
  PartnerCertificate read_partner_certificate(const YAML::Node& node, const std::string& field) {
    PartnerCertificate certificate;
    if (node.IsScalar()) {
      if (node.Scalar() != "none") {
        fields_.fail(node, field,
                     fmt::format("expected none, {{defects: [...]}} or {{cert: FILE, key: FILE}}, "
                                 "found '{}'",
                                 node.Scalar()));
      }
      certificate.kind = PartnerCertificate::Kind::none;
      return certificate;
    }
    if (auto user = read_certificate_choice(node, field, certificate.defects)) {
      certificate.kind = PartnerCertificate::Kind::file;
      certificate.file = std::move(*user);
    }
    return certificate;
  }

  std::optional<UserCertificate> read_certificate_choice(const YAML::Node& node,
                                                         const std::string& field,
                                                         DefectSet& defects) {
    fields_.expect_map(node, field, {"defects", "cert", "key", "password_file"});
    if (node["defects"] && node["cert"]) {
      fields_.fail(node, field, "defects apply to the lab certificate, not to a cert file");
    }
    if (auto list = node["defects"]) {
      defects = read_defects(list, field + ".defects");
      return std::nullopt;
    }
    UserCertificate user;
    user.cert = relative(fields_.required(node, "cert", field), field + ".cert");
    if (auto key = node["key"]) {
      user.key = relative(key, field + ".key");
    }
    if (auto password = node["password_file"]) {
      user.password_file = relative(password, field + ".password_file");
    }
    return user;
  }

  DefectSet read_defects(const YAML::Node& node, const std::string& field) {
    std::vector<Defect> parsed;
    std::vector<std::string> names = fields_.scalar_list(node, field);
    for (size_t i = 0; i < names.size(); ++i) {
      try {
        parsed.push_back(parse_defect(names[i]));
      } catch (const BadInput& error) {
        fields_.fail(node[i], fmt::format("{}[{}]", field, i), error.what());
      }
    }
    try {
      return DefectSet(std::move(parsed));
    } catch (const BadInput& error) {
      fields_.fail(node, field, error.what());
    }
  }

  // Where the harness connects: an address, or a name to resolve before the
  // run (edge_location.hpp).
  std::string read_host(const YAML::Node& node, const std::string& field) {
    std::string host = fields_.scalar(node, field);
    boost::system::error_code error;
    boost::asio::ip::make_address(host, error);
    if (error && !is_host_name(host)) {
      fields_.fail(node, field, fmt::format("'{}' is neither an IP address nor a host name", host));
    }
    return error ? lowercase_ascii(host) : host;
  }

  // `dns: {resolver: IP[:PORT], trust_anchor: FILE}`.
  DnsSettings read_dns(const YAML::Node& node) {
    fields_.expect_map(node, "dns", {"resolver", "trust_anchor"});
    DnsSettings dns;
    if (auto resolver = node["resolver"]) {
      try {
        dns.resolver = dns::forwarder_address(fields_.scalar(resolver, "dns.resolver"));
      } catch (const BadInput& error) {
        fields_.fail(resolver, "dns.resolver", error.what());
      }
    }
    if (auto anchor = node["trust_anchor"]) {
      dns.trust_anchor = existing_file(anchor, "dns.trust_anchor");
    }
    return dns;
  }

  // Where the harness listens: an address, as a socket binds to.
  std::string read_ip_address(const YAML::Node& node, const std::string& field) {
    std::string host = fields_.scalar(node, field);
    boost::system::error_code error;
    boost::asio::ip::make_address(host, error);
    if (error) {
      fields_.fail(node, field, fmt::format("'{}' is not an IP address", host));
    }
    return host;
  }

  // deadlines: {tls: 2, answer: 10}: budgets by stage name, in seconds.
  std::vector<net::DeadlineOverride> read_deadlines(const YAML::Node& node) {
    if (!node.IsMap()) {
      fields_.fail(
          node, "deadlines",
          fmt::format("expected a map of stage: seconds (the stages: {})", net::budget_names()));
    }
    std::vector<net::DeadlineOverride> deadlines;
    for (const auto& entry : node) {
      std::string stage = fields_.scalar(entry.first, "deadlines");
      std::string field = field_path("deadlines", stage);
      std::optional<net::Budget> budget = net::budget_named(stage);
      if (!budget) {
        fields_.fail(entry.first, field,
                     fmt::format("no such stage (the stages: {})", net::budget_names()));
      }
      std::optional<std::chrono::milliseconds> value =
          net::budget_from_seconds(fields_.scalar(entry.second, field));
      if (!value) {
        fields_.fail(entry.second, field, fmt::format("expected {}", net::kBudgetRange));
      }
      deadlines.push_back({*budget, *value});
    }
    return deadlines;
  }

  // MAP.KEY, when given, into `port`; else `port` keeps its default.
  void read_optional_port(const YAML::Node& map, const std::string& parent, const char* key,
                          unsigned short& port) {
    if (YAML::Node node = map[key]) {
      port = read_port(node, parent + "." + key);
    }
  }

  unsigned short read_port(const YAML::Node& node, const std::string& field) {
    std::string text = fields_.scalar(node, field);
    int port = 0;
    try {
      size_t used = 0;
      port = std::stoi(text, &used);
      if (used != text.size()) {
        port = 0;
      }
    } catch (const std::exception&) {
      port = 0;
    }
    if (port < 1 || port > 65535) {
      fields_.fail(node, field, fmt::format("'{}' is not a port number", text));
    }
    return static_cast<unsigned short>(port);
  }

  TrustSpec read_trust(const YAML::Node& node) {
    std::string value = fields_.scalar(node, "trust");
    if (value == "lab") {
      return {TrustSpec::Kind::lab, {}};
    }
    if (value == "system") {
      return {TrustSpec::Kind::system, {}};
    }
    std::filesystem::path file = relative(node, "trust");
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(file, ignored)) {
      fields_.fail(
          node, "trust",
          fmt::format("expected lab, system or a trust file; {} does not exist", file.string()));
    }
    return {TrustSpec::Kind::file, file};
  }

  PathSpec read_path(const YAML::Node& node, const std::string& field, const Topology& topology) {
    fields_.expect_map(node, field,
                       {"id", "protocol", "direction", "edge_domain", "partner", "policy",
                        "partner_certificate", "kind", "transport", "partner_server", "expect"});
    PathSpec path;
    path.line = node.Mark().line + 1;
    path.id = fields_.scalar(fields_.required(node, "id", field), field + ".id");
    std::string protocol =
        fields_.scalar(fields_.required(node, "protocol", field), field + ".protocol");
    if (protocol != "sip" && protocol != "xmpp") {
      fields_.fail(node["protocol"], field + ".protocol",
                   fmt::format("'{}' is not one of: sip, xmpp", protocol));
    }
    std::string direction =
        fields_.scalar(fields_.required(node, "direction", field), field + ".direction");
    if (direction != "inbound" && direction != "outbound") {
      fields_.fail(node["direction"], field + ".direction",
                   fmt::format("'{}' is not one of: inbound, outbound", direction));
    }
    path.direction = direction == "inbound" ? Direction::inbound : Direction::outbound;
    path.protocol = protocol == "sip" ? Protocol::sip : Protocol::xmpp;
    YAML::Node edge_domain = fields_.required(node, "edge_domain", field);
    path.edge_domain = lowercase_ascii(fields_.scalar(edge_domain, field + ".edge_domain"));
    const auto& domains =
        path.protocol == Protocol::sip ? topology.sip_domains : topology.xmpp_domains;
    if (std::ranges::find(domains, path.edge_domain) == domains.end()) {
      fields_.fail(edge_domain, field + ".edge_domain",
                   fmt::format("'{}' is not {} domain of the topology ({})", path.edge_domain,
                               path.protocol == Protocol::sip ? "a SIP" : "an XMPP",
                               domains.empty() ? std::string("none")
                                               : fmt::format("{}", fmt::join(domains, ", "))));
    }
    YAML::Node partner = fields_.required(node, "partner", field);
    path.partner = lowercase_ascii(fields_.scalar(partner, field + ".partner"));
    if (!is_fully_qualified_host_name(path.partner)) {
      fields_.fail(partner, field + ".partner",
                   fmt::format("'{}' is not a fully qualified domain name", path.partner));
    }
    YAML::Node policy_node = fields_.required(node, "policy", field);
    path.policy = policy(policy_node, field + ".policy");
    // XMPP names and SIP names are different rules; a policy is for one.
    bool xmpp_names = path.policy.names == NameRule::xmpp;
    if (path.policy.names != NameRule::none && xmpp_names != (path.protocol == Protocol::xmpp)) {
      fields_.fail(policy_node, field + ".policy",
                   fmt::format("policy '{}' checks {} names; this is {} path", path.policy.name,
                               xmpp_names ? "XMPP" : "SIP",
                               path.protocol == Protocol::sip ? "a SIP" : "an XMPP"));
    }
    if (auto certificate = node["partner_certificate"]) {
      path.partner_certificate =
          read_partner_certificate(certificate, field + ".partner_certificate");
    }
    if (auto server = node["partner_server"]) {
      if (path.protocol != Protocol::xmpp) {
        fields_.fail(server, field + ".partner_server", "a real partner server is for XMPP paths");
      }
      path.partner_server = read_partner_server(server, field + ".partner_server");
      if (node["partner_certificate"]) {
        fields_.fail(node["partner_certificate"], field + ".partner_certificate",
                     "a real partner server presents its own certificate");
      }
    }
    if (auto kind = node["kind"]) {
      path.kind = read_kind(kind, field + ".kind", path);
    } else if (path.partner_server && path.direction == Direction::inbound) {
      fields_.fail(node["partner_server"], field + ".partner_server",
                   "a real partner server connects to the Edge only to deliver a message; "
                   "make this path kind: message");
    }
    if (auto transport = node["transport"]) {
      path.transport = read_transport(transport, field + ".transport", path);
    }
    path.expect =
        read_expectation(fields_, fields_.required(node, "expect", field), field + ".expect");
    return path;
  }

  // SIP over TLS has one way in; XMPP has STARTTLS and direct TLS.
  XmppTransport read_transport(const YAML::Node& node, const std::string& field,
                               const PathSpec& path) {
    std::string transport = fields_.scalar(node, field);
    if (transport != "starttls" && transport != "direct-tls") {
      fields_.fail(node, field, fmt::format("'{}' is not one of: starttls, direct-tls", transport));
    }
    if (path.protocol != Protocol::xmpp) {
      fields_.fail(node, field, "SIP federation is TLS from the first byte; transport is for XMPP");
    }
    return transport == "starttls" ? XmppTransport::starttls : XmppTransport::direct_tls;
  }

  // A message travels through a real partner server, over XMPP.
  PathKind read_kind(const YAML::Node& node, const std::string& field, const PathSpec& path) {
    std::string kind = fields_.scalar(node, field);
    if (kind == "handshake") {
      return PathKind::handshake;
    }
    if (kind != "message") {
      fields_.fail(node, field, fmt::format("'{}' is not one of: handshake, message", kind));
    }
    if (path.protocol != Protocol::xmpp) {
      fields_.fail(node, field, "message paths are XMPP paths");
    }
    if (!path.partner_server) {
      fields_.fail(node, field,
                   "a message path needs partner_server: the real server whose users send and "
                   "receive");
    }
    return PathKind::message;
  }

  PartnerServer read_partner_server(const YAML::Node& node, const std::string& field) {
    fields_.expect_map(node, field,
                       {"host", "s2s_port", "c2s_port", "account", "password_file", "trust"});
    PartnerServer server;
    server.host = read_host(fields_.required(node, "host", field), field + ".host");
    read_optional_port(node, field, "s2s_port", server.s2s_port);
    read_optional_port(node, field, "c2s_port", server.c2s_port);
    if (auto account = node["account"]) {
      server.account = fields_.scalar(account, field + ".account");
    }
    if (auto password = node["password_file"]) {
      server.password_file = existing_file(password, field + ".password_file");
    }
    if (auto trust = node["trust"]) {
      server.trust = existing_file(trust, field + ".trust");
    }
    if (!server.account.empty() && server.password_file.empty()) {
      fields_.fail(node, field, "an account needs its password_file");
    }
    return server;
  }

  std::filesystem::path existing_file(const YAML::Node& node, const std::string& field) {
    std::filesystem::path file = relative(node, field);
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(file, ignored)) {
      fields_.fail(node, field, fmt::format("{} does not exist", file.string()));
    }
    return file;
  }

  const YamlFields& fields_;
  std::filesystem::path folder_;
};

}  // namespace

Scenario load_scenario(const std::filesystem::path& file) {
  YamlFields fields(read_file(file, InputKind::scenario), file);
  return ScenarioReader(fields, file).read();
}

std::string_view to_string(Protocol protocol) {
  return protocol == Protocol::sip ? "sip" : "xmpp";
}

std::string_view to_string(PathKind kind) {
  return kind == PathKind::handshake ? "handshake" : "message";
}

std::string_view to_string(Direction direction) {
  return direction == Direction::inbound ? "inbound" : "outbound";
}

const Policy& edge_policy(const EdgeSpec& edge, Protocol protocol) {
  return protocol == Protocol::sip ? edge.policy : edge.xmpp_policy;
}

}  // namespace fedharness
