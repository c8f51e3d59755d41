#pragma once

#include <random>
#include <string>
#include <vector>

#include "dns/discovery.hpp"
#include "topology/topology.hpp"

namespace fedharness::dns {

/// The records partners will find for each of the topology's domains, each
/// discovered as they discover it, with what is wrong added to its
/// findings: an SRV record that points elsewhere than the Access Edge on its
/// port (DNS_SRV_MISDIRECTED, a warning: a pool or a second Edge may be
/// meant), and a target the certificate does not name (NAME_MISMATCH: Lync
/// and Skype partners check the SRV target). `certificate_names` are the
/// leaf's dNSName SANs, lower case.
net::asio::awaitable<std::vector<Discovery>> check_published_records(
    Resolver& resolver, const Topology& topology, const std::vector<std::string>& certificate_names,
    std::mt19937& random);

}  // namespace fedharness::dns
