#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace fedharness::cli {

/// The error for a command line whose command word is not one of `app`'s
/// ("fedharness rn", "fedharness certs chek"): CLI11 alone says only that a
/// subcommand is required. Names the word, the commands there are, and the
/// nearest one when it is a likely typo. None when every word is known.
std::optional<std::string> unknown_command(CLI::App& app, int argc, const char* const* argv);

}  // namespace fedharness::cli
