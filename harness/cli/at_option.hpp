#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace fedharness::cli {

/// --at DATE: judge every certificate's validity as of DATE instead of now
/// ("which paths break on 2027-03-01?").
void add_at_option(CLI::App& command, std::string& at);

/// DATE as ISO 8601 in UTC: "2027-03-01" (midnight) or
/// "2027-03-01T12:00:00Z"; nothing for an empty option. Throws BadInput
/// naming --at for anything else.
std::optional<std::chrono::system_clock::time_point> parse_at(const std::string& at);

}  // namespace fedharness::cli
