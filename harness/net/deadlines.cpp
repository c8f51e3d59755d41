#include "net/deadlines.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>

#include "util/bad_input.hpp"

namespace fedharness::net {
namespace {

using std::chrono::milliseconds;

constexpr std::array<std::string_view, kBudgetCount> kNames = {
    "connect", "tls", "stream", "starttls", "auth", "answer", "request", "dns", "path"};

constexpr milliseconds kLongestBudget = std::chrono::hours(24);

}  // namespace

std::string_view budget_name(Budget budget) {
  return kNames[static_cast<size_t>(budget)];
}

std::optional<Budget> budget_named(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      return static_cast<Budget>(i);
    }
  }
  return std::nullopt;
}

std::string budget_names() {
  std::string names;
  for (std::string_view name : kNames) {
    names += names.empty() ? "" : ", ";
    names += name;
  }
  return names;
}

std::optional<milliseconds> budget_from_seconds(std::string_view seconds) {
  double value = 0;
  auto [end, error] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), value,
                                      std::chars_format::fixed);
  if (error != std::errc() || end != seconds.data() + seconds.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  auto budget = milliseconds(std::llround(value * 1000));
  if (budget < milliseconds(1) || budget > kLongestBudget) {
    return std::nullopt;
  }
  return budget;
}

DeadlineOverride parse_deadline_override(std::string_view text) {
  std::string where = fmt::format("--deadline {}", text);
  auto equals = text.find('=');
  if (equals == std::string_view::npos) {
    throw BadInput(fmt::format("{}: expected STAGE=SECONDS", where));
  }
  std::optional<Budget> budget = budget_named(text.substr(0, equals));
  if (!budget) {
    throw BadInput(fmt::format("{}: no stage '{}' (the stages: {})", where, text.substr(0, equals),
                               budget_names()));
  }
  std::optional<milliseconds> value = budget_from_seconds(text.substr(equals + 1));
  if (!value) {
    throw BadInput(fmt::format("{}: '{}' is not {}", where, text.substr(equals + 1), kBudgetRange));
  }
  return {*budget, *value};
}

Deadlines::Deadlines() {
  budgets_.fill(milliseconds(5000));
  set(Budget::path, milliseconds(30000));
}

Deadlines Deadlines::with(std::span<const DeadlineOverride> overrides) const {
  Deadlines changed = *this;
  for (const DeadlineOverride& override : overrides) {
    changed.set(override.budget, override.value);
  }
  return changed;
}

std::string describe_duration(milliseconds duration) {
  if (duration < milliseconds(1000)) {
    return fmt::format("{} ms", duration.count());
  }
  if (duration.count() % 1000 == 0) {
    return fmt::format("{} s", duration.count() / 1000);
  }
  return fmt::format("{:g} s", static_cast<double>(duration.count()) / 1000);
}

}  // namespace fedharness::net
