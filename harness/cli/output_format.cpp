#include "cli/output_format.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/terminal.hpp"
#include "report/color.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

OutputFormat parse_output_format(const std::string& value) {
  if (value == "text") {
    return OutputFormat::text;
  }
  if (value == "json") {
    return OutputFormat::json;
  }
  throw BadInput(fmt::format("--format {}: expected text or json", value));
}

void add_output_options(CLI::App& command, OutputOptions& options) {
  command.add_option("--format", options.format, "What to print: text or json")
      ->capture_default_str();
  command
      .add_option("--color", options.color,
                  "Colour the text: auto (when stdout is a terminal and NO_COLOR is unset), "
                  "always or never")
      ->capture_default_str();
}

OutputChoice output_choice(const OutputOptions& options) {
  return {parse_output_format(options.format),
          use_color(parse_color_choice(options.color), isatty(STDOUT_FILENO) == 1,
                    std::getenv("NO_COLOR")),
          terminal_columns(STDOUT_FILENO)};
}

}  // namespace fedharness::cli
