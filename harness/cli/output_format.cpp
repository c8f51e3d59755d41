#include "cli/output_format.hpp"

#include <fmt/core.h>

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

}  // namespace fedharness::cli
