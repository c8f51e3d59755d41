#pragma once

#include <string>

namespace fedharness {

/// `--color auto|always|never`.
enum class ColorChoice { automatic, always, never };

/// The value of a --color option; throws BadInput for anything else.
ColorChoice parse_color_choice(const std::string& value);

/// Whether to colour output: `always` and `never` say so; `automatic` colours
/// a terminal unless NO_COLOR is set to a non-empty value (no-color.org).
/// `no_color` is the value of NO_COLOR, null when it is unset.
bool use_color(ColorChoice choice, bool is_terminal, const char* no_color);

}  // namespace fedharness
