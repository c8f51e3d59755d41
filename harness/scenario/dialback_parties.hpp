#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/listener.hpp"
#include "topology/topology.hpp"
#include "xmpp/dialback.hpp"

namespace fedharness {

/// Server dialback (XEP-0220) in a scenario with XMPP paths: the Edge's keys,
/// the partners' keys, and the partners' authoritative server, one listener
/// answering <db:verify/> for every partner domain (where their DNS would
/// point); the Edge is its own domains' authoritative server.
struct DialbackParties {
  xmpp::Dialback edge;
  xmpp::Dialback partners;
  std::vector<std::string> partner_domains;
  std::unique_ptr<Listener> partner_authority;
  net::tcp::endpoint edge_xmpp;  // where the Edge is reached for XMPP

  // The DNS of the lab: a partner domain's authoritative server is the
  // partners' authority listener; the Edge's domains are served where the
  // Edge listens for XMPP (the simulated one, or the real one's address).
  std::optional<net::tcp::endpoint> partner_authority_of(std::string_view domain) const {
    if (!partner_authority || std::ranges::find(partner_domains, domain) == partner_domains.end()) {
      return std::nullopt;
    }
    return partner_authority->endpoint();
  }
  std::optional<net::tcp::endpoint> edge_authority_of(const Topology& topology,
                                                      std::string_view domain) const {
    if (std::ranges::find(topology.xmpp_domains, domain) == topology.xmpp_domains.end()) {
      return std::nullopt;
    }
    return edge_xmpp;
  }
};

}  // namespace fedharness
