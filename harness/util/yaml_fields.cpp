#include "util/yaml_fields.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "util/bad_input.hpp"

namespace fedharness {
namespace {

std::string_view kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "a single value";
    default:
      return "nothing";
  }
}

}  // namespace

std::string field_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

YamlFields::YamlFields(const std::string& text, std::filesystem::path source)
    : source_(std::move(source)) {
  try {
    root_ = YAML::Load(text);
  } catch (const YAML::ParserException& error) {
    // The parser places an unexpected end of file on the line after the last
    // one; name the last line instead, which a person can open.
    int lines = static_cast<int>(std::ranges::count(text, '\n')) +
                (text.empty() || text.ends_with('\n') ? 0 : 1);
    if (error.mark.line + 1 > lines) {
      throw BadInput(fmt::format("{}:{}: YAML syntax error at the end of the file: {}",
                                 source_.string(), std::max(lines, 1), error.msg));
    }
    throw BadInput(fmt::format("{}:{}:{}: YAML syntax error: {}", source_.string(),
                               error.mark.line + 1, error.mark.column + 1, error.msg));
  }
}

std::string YamlFields::locate(const YAML::Node& at, std::string_view field,
                               std::string_view what) const {
  // yaml-cpp counts lines from 0; an absent node has no mark, so say line 1.
  int line = at.Mark().is_null() ? 1 : at.Mark().line + 1;
  return fmt::format("{}:{}: {}: {}", source_.string(), line, field, what);
}

void YamlFields::fail(const YAML::Node& at, std::string_view field, std::string_view what) const {
  throw BadInput(locate(at, field, what));
}

void YamlFields::expect_map(const YAML::Node& node, std::string_view field,
                            std::initializer_list<std::string_view> allowed) const {
  if (!node.IsMap()) {
    fail(node, field.empty() ? "document" : field,
         fmt::format("expected a mapping, found {}", kind_of(node)));
  }
  for (const auto& entry : node) {
    // A key may be a list or a mapping in YAML ("[a]: b"); ours are names.
    std::string key = scalar(entry.first, field.empty() ? "key" : field_path(field, "key"));
    if (std::ranges::find(allowed, key) == allowed.end()) {
      fail(entry.first, field_path(field, key),
           fmt::format("unknown key (expected one of: {})", fmt::join(allowed, ", ")));
    }
  }
}

YAML::Node YamlFields::required(const YAML::Node& map, std::string_view key,
                                std::string_view field) const {
  YAML::Node child = map[std::string(key)];
  if (!child) {
    fail(map, field_path(field, key), "missing");
  }
  return child;
}

std::string YamlFields::scalar(const YAML::Node& node, std::string_view field) const {
  if (!node.IsScalar()) {
    fail(node, field, fmt::format("expected a single value, found {}", kind_of(node)));
  }
  return node.Scalar();
}

std::vector<std::string> YamlFields::scalar_list(const YAML::Node& node,
                                                 std::string_view field) const {
  if (!node.IsSequence()) {
    fail(node, field, fmt::format("expected a list, found {}", kind_of(node)));
  }
  std::vector<std::string> values;
  for (size_t i = 0; i < node.size(); ++i) {
    values.push_back(scalar(node[i], fmt::format("{}[{}]", field, i)));
  }
  return values;
}

}  // namespace fedharness
