#include "cli/resolver_option.hpp"

#include <fmt/core.h>

#include "dns/trust_anchors.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

void add_resolver_options(CLI::App& command, ResolverFlags& flags) {
  command.add_option("--resolver", flags.server,
                     "Send every DNS query to this server, IP[:PORT], over a scenario's "
                     "dns.resolver (default: the system's resolvers, /etc/resolv.conf)");
  command.add_option("--dns-trust-anchor", flags.trust_anchor,
                     "Validate DNSSEC with the anchors in this file, 'ZONE. DS ...' lines as "
                     "`keymgr ZONE ds` prints them (default: none, every answer insecure and "
                     "no DANE)");
}

dns::ResolverOptions resolver_options(const ResolverFlags& flags, const net::Deadlines& deadlines) {
  dns::ResolverOptions options;
  if (!flags.server.empty()) {
    try {
      options.server = dns::forwarder_address(flags.server);
    } catch (const BadInput& error) {
      throw BadInput(fmt::format("--resolver {}", error.what()));
    }
  }
  if (!flags.trust_anchor.empty()) {
    options.trust_anchors = dns::read_trust_anchors(flags.trust_anchor);
  }
  options.deadline = deadlines.of(net::Budget::dns);
  return options;
}

}  // namespace fedharness::cli
