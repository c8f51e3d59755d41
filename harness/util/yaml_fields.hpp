#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace fedharness {

/// Reads fields out of one YAML document and turns every problem into a
/// BadInput of the form "file:line: field: what is wrong", so that topology,
/// policy and scenario files all report errors the same way.
class YamlFields {
 public:
  /// Parses `text`; a syntax error becomes "file:line:column: ...".
  YamlFields(const std::string& text, std::filesystem::path source);

  const YAML::Node& root() const { return root_; }
  const std::filesystem::path& source() const { return source_; }

  /// "file:line: field: what": how a problem at `at` is reported, an error
  /// (fail) or a warning.
  std::string locate(const YAML::Node& at, std::string_view field, std::string_view what) const;

  [[noreturn]] void fail(const YAML::Node& at, std::string_view field, std::string_view what) const;

  /// Requires a mapping whose keys are all in `allowed`.
  void expect_map(const YAML::Node& node, std::string_view field,
                  std::initializer_list<std::string_view> allowed) const;

  /// A child of a mapping that must be present.
  YAML::Node required(const YAML::Node& map, std::string_view key, std::string_view field) const;

  std::string scalar(const YAML::Node& node, std::string_view field) const;
  std::vector<std::string> scalar_list(const YAML::Node& node, std::string_view field) const;

 private:
  std::filesystem::path source_;
  YAML::Node root_;
};

/// "parent.key", or "key" at the top level: the field path used in messages.
std::string field_path(std::string_view parent, std::string_view key);

}  // namespace fedharness
