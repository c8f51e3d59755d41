#include "cli/partners_option.hpp"

#include <fmt/core.h>

#include <ranges>

#include "topology/dns_name.hpp"
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

TrustSpec partner_trust(const std::string& trust_option) {
  return {trust_option.empty() ? TrustSpec::Kind::system : TrustSpec::Kind::file, trust_option};
}

std::vector<std::string> partner_domains(const std::vector<std::string>& given) {
  std::vector<std::string> domains;
  for (const std::string& domain : given) {
    if (!is_fully_qualified_host_name(domain)) {
      throw BadInput(fmt::format("--partner {}: not a fully qualified domain name", domain));
    }
    domains.push_back(lowercase_ascii(domain));
  }
  return domains;
}

}  // namespace fedharness::cli
