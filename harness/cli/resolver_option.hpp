#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "dns/resolver.hpp"
#include "net/deadlines.hpp"

namespace fedharness::cli {

/// --resolver IP[:PORT]: every DNS query of the command to that server
/// instead of the system's resolvers (a lab DNS server, a test's).
void add_resolver_option(CLI::App& command, std::string& resolver);

/// The resolver the options ask for, each lookup within the dns budget.
/// Throws BadInput naming a bad --resolver.
dns::ResolverOptions resolver_options(const std::string& resolver, const net::Deadlines& deadlines);

}  // namespace fedharness::cli
