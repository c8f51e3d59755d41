#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "net/deadlines.hpp"

namespace fedharness::cli {

/// --deadline STAGE=SECONDS (repeatable): a stage's budget for every
/// connection the command makes.
void add_deadline_option(CLI::App& command, std::vector<std::string>& deadlines);

/// The budgets --deadline asked for, in order; throws BadInput naming a bad one.
std::vector<net::DeadlineOverride> parse_deadlines(const std::vector<std::string>& deadlines);

}  // namespace fedharness::cli
