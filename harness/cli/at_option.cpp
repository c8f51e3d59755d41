#include "cli/at_option.hpp"

#include <fmt/core.h>

#include "pki/certificate_info.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

void add_at_option(CLI::App& command, std::string& at) {
  command.add_option("--at", at,
                     "Judge certificate validity as of this date, ISO 8601 UTC: 2027-03-01 or "
                     "2027-03-01T12:00:00Z (default: now)");
}

std::optional<std::chrono::system_clock::time_point> parse_at(const std::string& at) {
  if (at.empty()) {
    return std::nullopt;
  }
  if (auto parsed = parse_iso8601_utc(at)) {
    return parsed;
  }
  throw BadInput(fmt::format(
      "--at '{}': expected a UTC date as ISO 8601, 2027-03-01 or 2027-03-01T12:00:00Z", at));
}

}  // namespace fedharness::cli
