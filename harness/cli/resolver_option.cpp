#include "cli/resolver_option.hpp"

namespace fedharness::cli {

void add_resolver_option(CLI::App& command, std::string& resolver) {
  command.add_option("--resolver", resolver,
                     "Send every DNS query to this server, IP[:PORT] (default: the system's "
                     "resolvers, /etc/resolv.conf)");
}

dns::ResolverOptions resolver_options(const std::string& resolver,
                                      const net::Deadlines& deadlines) {
  dns::ResolverOptions options;
  if (!resolver.empty()) {
    options.server = dns::forwarder_address(resolver, "--resolver");
  }
  options.deadline = deadlines.of(net::Budget::dns);
  return options;
}

}  // namespace fedharness::cli
