#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "dns/resolver.hpp"
#include "net/deadlines.hpp"

namespace fedharness::cli {

/// How a command resolves, as its options say.
struct ResolverFlags {
  std::string server;        // --resolver IP[:PORT]
  std::string trust_anchor;  // --dns-trust-anchor FILE
};

/// --resolver IP[:PORT]: every DNS query of the command to that server
/// instead of the system's resolvers (a lab DNS server, a test's);
/// --dns-trust-anchor FILE: the DNSSEC anchors to validate with.
void add_resolver_options(CLI::App& command, ResolverFlags& flags);

/// The resolver the options ask for, each lookup within the dns budget.
/// Throws BadInput naming a bad --resolver or trust anchor file.
dns::ResolverOptions resolver_options(const ResolverFlags& flags, const net::Deadlines& deadlines);

}  // namespace fedharness::cli
