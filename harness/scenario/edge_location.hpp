#pragma once

#include <string>

#include "dns/resolver.hpp"
#include "scenario/scenario.hpp"

namespace fedharness {

/// Before a scenario runs, where each of its connections goes, as the
/// partners of a real Edge would find it:
///
/// - an inbound path to a real Edge given by `host` (and `pool`) goes to
///   every address of every server, a host name's A and AAAA records each;
/// - one given by `domain` goes to every SRV target its own domain publishes
///   (_sipfederationtls._tcp for SIP; _xmpp-server._tcp or _xmpps-server._tcp
///   by transport for XMPP, falling back to the domain on 5269), each at every
///   address;
/// - a real partner server given by name goes to its first address.
///
/// The first place keeps the path; each further one is a copy, id
/// "PATH@ADDRESS:PORT", whose chain must match the first's
/// (check_pool_consistency). A path DNS leaves nowhere to go carries its
/// DnsFault. Lookups go to `options.server`, else the scenario's resolver,
/// else the system's; DNSSEC anchors are the options', else the scenario's.
/// Does nothing that needs DNS when every host is an address.
void locate_servers(Scenario& scenario, dns::ResolverOptions options);

/// "127.0.0.2:5061", "[::1]:5061", or "HOST:PORT" for a target without address.
std::string target_text(const EdgeTarget& target);

}  // namespace fedharness
