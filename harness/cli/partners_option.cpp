#include "cli/partners_option.hpp"

#include <fmt/core.h>

#include <ranges>

#include "util/bad_input.hpp"

namespace fedharness::cli {

std::vector<Policy> partner_policies(const std::string& list) {
  std::vector<std::string> names;
  if (list == "all") {
    names = builtin_policy_names();
  } else {
    for (auto piece : std::views::split(list, ',')) {
      if (std::string name(piece.begin(), piece.end()); !name.empty()) {
        names.push_back(std::move(name));
      }
    }
  }
  if (names.empty()) {
    throw BadInput(fmt::format("--partners '{}': give all, or policies separated by commas", list));
  }
  std::vector<Policy> policies;
  for (const std::string& name : names) {
    try {
      policies.push_back(find_policy(name));
    } catch (const BadInput& error) {
      throw BadInput(fmt::format("--partners: {}", error.what()));
    }
  }
  return policies;
}

}  // namespace fedharness::cli
