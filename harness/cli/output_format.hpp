#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "report/color.hpp"

namespace fedharness::cli {

enum class OutputFormat { text, json };

/// The value of a --format option; throws BadInput for anything else.
OutputFormat parse_output_format(const std::string& value);

/// --format and --color, as every command that prints verdicts takes them.
struct OutputOptions {
  std::string format = "text";
  std::string color = "auto";
};

/// What to print, and whether the text is coloured.
struct OutputChoice {
  OutputFormat format = OutputFormat::text;
  bool color = false;
  size_t width = 0;  // stdout's terminal columns; 0 when it is not a terminal

  TextStyle style() const { return {color, width}; }
};

/// Adds --format (text or json) and --color (auto, always, never) to `command`.
void add_output_options(CLI::App& command, OutputOptions& options);

/// The choice the options make: --color auto colours a terminal on stdout
/// unless NO_COLOR is set (no-color.org). Throws BadInput for a bad value.
OutputChoice output_choice(const OutputOptions& options);

}  // namespace fedharness::cli
