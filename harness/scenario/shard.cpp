#include "scenario/shard.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cstdint>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

// Digits only: no sign, no blanks, no trailing text.
std::optional<size_t> decimal(std::string_view text) {
  size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

uint64_t fnv1a(std::string_view bytes, uint64_t hash) {
  for (char byte : bytes) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= 0x100000001b3;  // the 64-bit FNV prime
  }
  return hash;
}

std::optional<std::string_view> variable(const std::function<const char*(const char*)>& getenv,
                                         const char* name) {
  const char* value = getenv(name);
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string_view(value);
}

}  // namespace

Shard parse_shard(std::string_view text) {
  auto slash = text.find('/');
  auto index = decimal(text.substr(0, slash));
  auto count = slash == std::string_view::npos ? std::nullopt : decimal(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count) {
    throw BadInput(fmt::format("--shard {}: expected I/N with I from 1 to N, as in 2/4", text));
  }
  return {*index, *count};
}

std::optional<Shard> shard_from_environment(const std::function<const char*(const char*)>& getenv) {
  auto index_text = variable(getenv, "TEST_SHARD_INDEX");
  auto count_text = variable(getenv, "TEST_TOTAL_SHARDS");
  if (!index_text && !count_text) {
    return std::nullopt;
  }
  if (!index_text || !count_text) {
    throw BadInput(fmt::format("{} is set without {}: set both, or neither",
                               index_text ? "TEST_SHARD_INDEX" : "TEST_TOTAL_SHARDS",
                               index_text ? "TEST_TOTAL_SHARDS" : "TEST_SHARD_INDEX"));
  }
  auto count = decimal(*count_text);
  if (!count || *count < 1) {
    throw BadInput(
        fmt::format("TEST_TOTAL_SHARDS={}: expected a number of shards, 1 or more", *count_text));
  }
  auto index = decimal(*index_text);
  if (!index || *index >= *count) {
    throw BadInput(fmt::format("TEST_SHARD_INDEX={}: expected 0 to {} (TEST_TOTAL_SHARDS={})",
                               *index_text, *count - 1, *count));
  }
  return Shard{*index + 1, *count};
}

bool in_shard(std::string_view scenario_id, std::string_view path_id, const Shard& shard) {
  constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325;
  uint64_t hash =
      fnv1a(path_id, fnv1a(std::string_view("\0", 1), fnv1a(scenario_id, kOffsetBasis)));
  return hash % shard.count == shard.index - 1;
}

void keep_shard(std::vector<Scenario>& scenarios, const Shard& shard) {
  for (auto& scenario : scenarios) {
    std::erase_if(scenario.paths,
                  [&](const PathSpec& path) { return !in_shard(scenario.id, path.id, shard); });
  }
}

}  // namespace fedharness
