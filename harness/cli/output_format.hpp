#pragma once

#include <string>

namespace fedharness::cli {

enum class OutputFormat { text, json };

/// The value of a --format option; throws BadInput for anything else.
OutputFormat parse_output_format(const std::string& value);

}  // namespace fedharness::cli
