#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace fedharness::cli {

/// A duration as typed: a whole number and a unit, "500ms", "30s", "15m",
/// "2h", "7d"; "0" alone for none. Throws BadInput naming `option` and the
/// forms it takes.
std::chrono::milliseconds parse_duration(std::string_view option, const std::string& text);

}  // namespace fedharness::cli
