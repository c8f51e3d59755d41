#include "cli/resolver_option.hpp"

#include <fmt/core.h>

#include "util/bad_input.hpp"

namespace fedharness::cli {

void add_resolver_option(CLI::App& command, std::string& resolver) {
  command.add_option("--resolver", resolver,
                     "Send every DNS query to this server, IP[:PORT], over a scenario's "
                     "dns.resolver (default: the system's "
                     "resolvers, /etc/resolv.conf)");
}

dns::ResolverOptions resolver_options(const std::string& resolver,
                                      const net::Deadlines& deadlines) {
  dns::ResolverOptions options;
  if (!resolver.empty()) {
    try {
      options.server = dns::forwarder_address(resolver);
    } catch (const BadInput& error) {
      throw BadInput(fmt::format("--resolver {}", error.what()));
    }
  }
  options.deadline = deadlines.of(net::Budget::dns);
  return options;
}

}  // namespace fedharness::cli
