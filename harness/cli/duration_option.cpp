#include "cli/duration_option.hpp"

#include <fmt/core.h>

#include <array>
#include <charconv>
#include <utility>

#include "util/bad_input.hpp"

namespace fedharness::cli {

std::chrono::milliseconds parse_duration(std::string_view option, const std::string& text) {
  using namespace std::chrono;
  if (text == "0") {
    return milliseconds(0);
  }
  static constexpr std::array<std::pair<std::string_view, milliseconds>, 5> kUnits{{
      {"ms", milliseconds(1)},
      {"s", seconds(1)},
      {"m", minutes(1)},
      {"h", hours(1)},
      {"d", hours(24)},
  }};
  std::string_view view = text;
  size_t digits = view.find_first_not_of("0123456789");
  std::string_view unit = digits == std::string_view::npos ? "" : view.substr(digits);
  // A year in milliseconds fits, and no schedule or timeout wants more.
  constexpr int64_t kMaxCount = 1'000'000;
  int64_t count = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + digits, count);
  if (digits > 0 && digits != std::string_view::npos && error == std::errc() && count > 0 &&
      count <= kMaxCount) {
    for (const auto& [name, length] : kUnits) {
      if (unit == name) {
        return length * count;
      }
    }
  }
  throw BadInput(fmt::format(
      "{} '{}': expected a whole number and a unit, ms, s, m, h or d (\"30s\", \"15m\"), or 0",
      option, text));
}

}  // namespace fedharness::cli
