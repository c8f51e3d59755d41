#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "dns/resolver.hpp"
#include "verify/finding_code.hpp"

namespace fedharness::dns {

/// A DNS fault found while discovering, with its code and what was asked.
struct DiscoveryFinding {
  FindingCode code;
  Severity severity;
  std::string evidence;
};

/// One place to connect to, as DNS gave it.
struct ServiceTarget {
  std::string type;  // "SRV", or "A/AAAA" for XMPP's fallback to the domain itself
  std::string name;  // what was looked up: _sipfederationtls._tcp.fabrikam.com
  std::string host;  // the SRV target (or the domain, on the fallback)
  uint16_t port = 0;
  uint16_t priority = 0;
  uint16_t weight = 0;
  bool direct_tls = false;  // XEP-0368: from _xmpps-server._tcp
  std::vector<net::asio::ip::address> addresses;
  // Why `addresses` is empty, when it is: also among the discovery's findings.
  std::optional<DiscoveryFinding> address_fault;
  // Every answer that led here (the SRV records, the addresses) was
  // DNSSEC-validated: only then are TLSA records looked up (RFC 7673 §3).
  bool secure = false;
  std::string tlsa_name;         // _PORT._tcp.HOST, when looked up
  std::vector<TlsaRecord> tlsa;  // validated TLSA records there: DANE applies
};

/// What a partner finds for a domain: its targets, in the order a client
/// tries them, and every DNS fault on the way.
struct Discovery {
  std::string domain;
  std::vector<ServiceTarget> targets;
  std::vector<DiscoveryFinding> findings;

  bool passed() const;  // no finding of error severity
};

/// SIP federation (Lync, Skype for Business, Teams): the
/// _sipfederationtls._tcp SRV records of `domain` and their targets'
/// addresses. No SRV record is an error: these partners do not fall back.
net::asio::awaitable<Discovery> discover_sip_federation(Resolver& resolver, std::string domain,
                                                        std::mt19937& random);

/// XMPP server-to-server: _xmpps-server._tcp (direct TLS) and
/// _xmpp-server._tcp records ordered as one set (XEP-0368 §3), or, without
/// either, the domain itself on 5269 (RFC 6120 §3.2.2) with a warning.
net::asio::awaitable<Discovery> discover_xmpp_server(Resolver& resolver, std::string domain,
                                                     std::mt19937& random);

/// One host typed as HOST:PORT: its addresses (and, when they are
/// validated, its TLSA records), as a discovery of one target.
net::asio::awaitable<Discovery> discover_host(Resolver& resolver, std::string host, uint16_t port);

}  // namespace fedharness::dns
