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

// The number of labels of a valid host name, 0 for anything else.
size_t host_name_labels(std::string_view name) {
  if (name.empty() || name.size() > 253) {
    return 0;
  }
  size_t labels = 0;
  for (auto label : std::views::split(name, '.')) {
    if (!is_valid_label(std::string_view(label.begin(), label.end()))) {
      return 0;
    }
    ++labels;
  }
  return labels;
}

}  // namespace

bool is_fully_qualified_host_name(std::string_view name) {
  return host_name_labels(name) >= 2;
}

bool is_host_name(std::string_view name) {
  return host_name_labels(name) >= 1;
}

std::string lowercase_ascii(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace fedharness
