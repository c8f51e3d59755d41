#include "topology/dns_name.hpp"

#include <algorithm>
#include <cctype>
#include <ranges>

namespace fedharness {
namespace {

bool is_valid_label(std::string_view label) {
  auto is_ldh = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
         std::ranges::all_of(label, is_ldh);
}

}  // namespace

bool is_fully_qualified_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) {
    return false;
  }
  size_t labels = 0;
  for (auto label : std::views::split(name, '.')) {
    if (!is_valid_label(std::string_view(label.begin(), label.end()))) {
      return false;
    }
    ++labels;
  }
  return labels >= 2;
}

std::string lowercase_ascii(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace fedharness
