#include "topology/topology.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <ranges>
#include <unordered_set>

#include "topology/certificate_size.hpp"
#include "topology/dns_name.hpp"
#include "topology/public_im.hpp"
#include "topology/requirements.hpp"
#include "util/files.hpp"
#include "util/yaml_fields.hpp"

namespace fedharness {
namespace {

class TopologyReader {
 public:
  explicit TopologyReader(const YamlFields& fields) : fields_(fields) {}

  Topology read() {
    const YAML::Node& root = fields_.root();
    fields_.expect_map(root, "", {"edge", "sip_domains", "xmpp_domains", "public_im"});
    Topology topology;
    topology.source = fields_.source();
    read_edge(fields_.required(root, "edge", ""), topology);
    topology.sip_domains = domain_list(fields_.required(root, "sip_domains", ""), "sip_domains");
    if (topology.sip_domains.empty()) {
      fields_.fail(root["sip_domains"], "sip_domains", "needs at least one SIP domain");
    }
    if (auto xmpp = root["xmpp_domains"]) {
      topology.xmpp_domains = domain_list(xmpp, "xmpp_domains");
    }
    if (auto providers = root["public_im"]) {
      topology.public_im = provider_list(providers);
    }
    for (const std::string& concern :
         certificate_size_concerns(estimate_certificate_size(derive_requirements(topology)))) {
      topology.warnings.push_back(
          fields_.locate(root["sip_domains"], "sip_domains, xmpp_domains", concern));
    }
    return topology;
  }

 private:
  void read_edge(const YAML::Node& edge, Topology& topology) {
    fields_.expect_map(edge, "edge", {"access_fqdn", "webconf_fqdn", "av_fqdn", "pool"});
    topology.access_fqdn =
        host_name(fields_.required(edge, "access_fqdn", "edge"), "edge.access_fqdn");
    topology.webconf_fqdn =
        host_name(fields_.required(edge, "webconf_fqdn", "edge"), "edge.webconf_fqdn");
    if (auto av = edge["av_fqdn"]) {
      topology.av_fqdn = host_name(av, "edge.av_fqdn");
    }
    if (auto pool = edge["pool"]) {
      topology.pool = domain_list(pool, "edge.pool");
    }
  }

  std::string host_name(const YAML::Node& node, const std::string& field) {
    std::string name = lowercase_ascii(fields_.scalar(node, field));
    if (name.starts_with("*.")) {
      fields_.fail(node, field,
                   fmt::format("'{}' is a wildcard; the topology names real hosts and domains "
                               "(wildcards belong on a certificate, not here)",
                               name));
    }
    if (!is_fully_qualified_host_name(name)) {
      fields_.fail(node, field, fmt::format("'{}' is not a fully qualified domain name", name));
    }
    return name;
  }

  std::vector<std::string> domain_list(const YAML::Node& node, const std::string& field) {
    if (!node.IsSequence()) {
      fields_.scalar_list(node, field);  // reports the wrong kind
    }
    std::vector<std::string> domains;
    std::unordered_set<std::string> listed;
    for (size_t i = 0; i < node.size(); ++i) {
      std::string item_field = fmt::format("{}[{}]", field, i);
      std::string domain = host_name(node[i], item_field);
      if (!listed.insert(domain).second) {
        fields_.fail(node[i], item_field, fmt::format("'{}' is listed twice", domain));
      }
      domains.push_back(std::move(domain));
    }
    return domains;
  }

  // A list of providers; `none` (or `[]`) for a topology without public IM.
  std::vector<std::string> provider_list(const YAML::Node& node) {
    if (node.IsScalar() && lowercase_ascii(node.Scalar()) == "none") {
      return {};
    }
    std::vector<std::string> names = fields_.scalar_list(node, "public_im");
    for (size_t i = 0; i < names.size(); ++i) {
      names[i] = lowercase_ascii(names[i]);
      if (!find_public_im_provider(names[i])) {
        auto known = public_im_providers() | std::views::transform(&PublicImProvider::name);
        fields_.fail(
            node[i], fmt::format("public_im[{}]", i),
            fmt::format("unknown provider '{}' (known: {})", names[i], fmt::join(known, ", ")));
      }
    }
    return names;
  }

  const YamlFields& fields_;
};

}  // namespace

Topology parse_topology(const std::string& yaml, const std::filesystem::path& source) {
  YamlFields fields(yaml, source);
  return TopologyReader(fields).read();
}

Topology load_topology(const std::filesystem::path& path) {
  return parse_topology(read_file(path, InputKind::topology), path);
}

}  // namespace fedharness
