#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace fedharness {

/// How text output looks: coloured or not (--color, NO_COLOR).
struct TextStyle {
  bool color = false;
  size_t width = 0;  // the terminal's columns, to wrap evidence at; 0: no wrapping
};

/// `--color auto|always|never`.
enum class ColorChoice { automatic, always, never };

/// The value of a --color option; throws BadInput for anything else.
ColorChoice parse_color_choice(const std::string& value);

/// Whether to colour output: `always` and `never` say so; `automatic` colours
/// a terminal unless NO_COLOR is set to a non-empty value (no-color.org).
/// `no_color` is the value of NO_COLOR, null when it is unset.
bool use_color(ColorChoice choice, bool is_terminal, const char* no_color);

// ANSI SGR sequences (ECMA-48 §8.3.117).
inline constexpr std::string_view kReset = "\033[0m";
inline constexpr std::string_view kBold = "\033[1m";
inline constexpr std::string_view kGreen = "\033[32m";
inline constexpr std::string_view kRed = "\033[31m";
inline constexpr std::string_view kYellow = "\033[33m";

/// `text` padded to `width`, wrapped in `color` when there is one; the
/// padding stays outside the escape sequences so that columns line up.
void print_cell(std::ostream& out, std::string_view text, size_t width, std::string_view color);

}  // namespace fedharness
