#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cli/probe.hpp"
#include "dns/discovery.hpp"
#include "net/dane.hpp"

namespace fedharness::cli {

/// One connection of a probe that found its endpoint by name: the record it
/// came from, the address it goes to, and where to record it.
struct ProbeConnection {
  const dns::ServiceTarget* target;
  net::tcp::endpoint endpoint;
  Transcript* transcript;  // null without --transcript
  // The target's validated TLSA records; null when it has none (a policy
  // with dane checks them).
  const net::DaneRecords* dane;
};

/// Makes the connection a probe judges; what it presents and checks is the
/// protocol's own (probe_sip.cpp, probe_xmpp.cpp).
using ProbeConnector =
    std::function<net::asio::awaitable<net::ConnectionOutcome>(const ProbeConnection&)>;

/// What every probe by name shares.
struct NamedProbe {
  Protocol protocol;
  const PathSpec* path;  // the path each connection is judged as
  OutputChoice output;
  const Capture* capture;
  ProbeEnd end = ProbeEnd::partner;
  dns::ResolverOptions resolver;
};

/// A domain, discovered as a partner would (discover_sip_federation or
/// discover_xmpp_server), then every address of every target probed in
/// the order found. Prints the discovery and the paths (text, or one JSON
/// document {"discovery": ..., "paths": [...]}); returns 0 only when the
/// discovery has no error and every path passes, else 1.
int probe_domain(const NamedProbe& probe, const std::string& domain, ProbeConnector connect);

/// HOST:PORT with a host name: every A and AAAA address probed, each printed
/// as one path (one JSON object per line). A DNS fault is bad input
/// (exit 2), as an unresolvable host would be to any client.
int probe_host(const NamedProbe& probe, const std::string& host, uint16_t port,
               ProbeConnector connect);

}  // namespace fedharness::cli
