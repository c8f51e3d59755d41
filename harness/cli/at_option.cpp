#include "cli/at_option.hpp"

#include <fmt/core.h>

#include <ctime>

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
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"}) {
    std::tm fields{};
    const char* end = strptime(at.c_str(), format, &fields);
    if (end == nullptr || *end != '\0') {
      continue;
    }
    // timegm normalizes an impossible day (2027-02-30) into the next month:
    // a date it changed was not a date.
    std::tm checked = fields;
    time_t seconds = timegm(&checked);
    if (checked.tm_mday != fields.tm_mday || checked.tm_mon != fields.tm_mon) {
      break;
    }
    return std::chrono::system_clock::from_time_t(seconds);
  }
  throw BadInput(fmt::format(
      "--at '{}': expected a UTC date as ISO 8601, 2027-03-01 or 2027-03-01T12:00:00Z", at));
}

}  // namespace fedharness::cli
