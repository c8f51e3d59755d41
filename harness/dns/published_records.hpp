#pragma once

#include <random>
#include <string>
#include <vector>

#include "dns/discovery.hpp"
#include "pki/openssl_ptr.hpp"
#include "topology/topology.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::dns {

/// The records partners will find for each of the topology's domains, each
/// discovered as they discover it, with what is wrong added to its
/// findings: an SRV record that points elsewhere than the Access Edge on its
/// port (DNS_SRV_MISDIRECTED, a warning: a pool or a second Edge may be
/// meant), and a target the certificate does not name (NAME_MISMATCH: Lync
/// and Skype partners check the SRV target), and, where a target's
/// validated TLSA records do not match the chain, DANE_MISMATCH.
struct PublishedCertificate {
  std::vector<std::string> names;  // the leaf's dNSName SANs, lower case
  const std::vector<X509Ptr>* chain;
  const TrustStore* trust;  // for TLSA records of usages 0 and 1 (PKIX)
};
net::asio::awaitable<std::vector<Discovery>> check_published_records(
    Resolver& resolver, const Topology& topology, const PublishedCertificate& certificate,
    std::mt19937& random);

}  // namespace fedharness::dns
