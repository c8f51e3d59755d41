#include "report/color.hpp"

#include <fmt/ostream.h>

#include <algorithm>

#include "util/bad_input.hpp"

namespace fedharness {

ColorChoice parse_color_choice(const std::string& value) {
  if (value == "auto") {
    return ColorChoice::automatic;
  }
  if (value == "always") {
    return ColorChoice::always;
  }
  if (value == "never") {
    return ColorChoice::never;
  }
  throw BadInput(fmt::format("--color {}: expected auto, always or never", value));
}

bool use_color(ColorChoice choice, bool is_terminal, const char* no_color) {
  switch (choice) {
    case ColorChoice::always:
      return true;
    case ColorChoice::never:
      return false;
    case ColorChoice::automatic:
      break;
  }
  bool no_color_set = no_color != nullptr && *no_color != '\0';
  return is_terminal && !no_color_set;
}

void print_cell(std::ostream& out, std::string_view text, size_t width, std::string_view color) {
  if (!color.empty() && !text.empty()) {
    fmt::print(out, "{}{}{}", color, text, kReset);
  } else {
    fmt::print(out, "{}", text);
  }
  fmt::print(out, "{:{}}", "", width - std::min(width, text.size()));
}

}  // namespace fedharness
