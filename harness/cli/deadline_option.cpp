#include "cli/deadline_option.hpp"

#include <fmt/core.h>

namespace fedharness::cli {

void add_deadline_option(CLI::App& command, std::vector<std::string>& deadlines) {
  net::Deadlines defaults;
  std::string stages;
  for (size_t i = 0; i < net::kBudgetCount; ++i) {
    auto budget = static_cast<net::Budget>(i);
    stages += fmt::format("{}{}={}", stages.empty() ? "" : ", ", net::budget_name(budget),
                          net::describe_duration(defaults.of(budget)));
  }
  command.add_option("--deadline", deadlines,
                     fmt::format("STAGE=SECONDS: how long a stage of a connection may take, "
                                 "whatever the peer sends meanwhile (repeatable; the defaults: "
                                 "{})",
                                 stages));
}

std::vector<net::DeadlineOverride> parse_deadlines(const std::vector<std::string>& deadlines) {
  std::vector<net::DeadlineOverride> overrides;
  for (const std::string& deadline : deadlines) {
    overrides.push_back(net::parse_deadline_override(deadline));
  }
  return overrides;
}

}  // namespace fedharness::cli
