#include "cli/unknown_command.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>
#include <string_view>
#include <vector>

namespace fedharness::cli {
namespace {

// Levenshtein distance: insertions, deletions and substitutions.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> unknown_command(CLI::App& app, int argc, const char* const* argv) {
  CLI::App* current = &app;
  std::string path = app.get_name();
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    std::vector<CLI::App*> commands = current->get_subcommands({});
    if (word.starts_with('-') || commands.empty()) {
      return std::nullopt;  // an option, or the arguments of a command
    }
    auto known = std::ranges::find_if(
        commands, [&](const CLI::App* command) { return command->get_name() == word; });
    if (known != commands.end()) {
      current = *known;
      path += " " + current->get_name();
      continue;
    }
    std::vector<std::string> names;
    const CLI::App* nearest = nullptr;
    size_t nearest_distance = 3;  // a typo is at most two edits away
    for (const CLI::App* command : commands) {
      names.push_back(command->get_name());
      if (size_t distance = edit_distance(word, command->get_name()); distance < nearest_distance) {
        nearest = command;
        nearest_distance = distance;
      }
    }
    std::string hint =
        nearest != nullptr ? fmt::format("did you mean '{}'? ", nearest->get_name()) : "";
    return fmt::format("unknown command '{}' for '{}'; {}the commands: {}", word, path, hint,
                       fmt::join(names, ", "));
  }
  return std::nullopt;
}

}  // namespace fedharness::cli
