#include "scenario/known_failures.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "util/files.hpp"
#include "util/yaml_fields.hpp"

namespace fedharness {

void apply_known_failures(const std::filesystem::path& list, const std::string& scenario_id,
                          std::vector<PathSpec>& paths) {
  YamlFields fields(read_file(list, InputKind::known_failures), list);
  fields.expect_map(fields.root(), "", {"known_failures"});
  YAML::Node entries = fields.required(fields.root(), "known_failures", "");
  if (!entries.IsSequence()) {
    fields.fail(entries, "known_failures", "expected a list of {path:, reason:} entries");
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    const YAML::Node& entry = entries[i];
    std::string field = fmt::format("known_failures[{}]", i);
    fields.expect_map(entry, field, {"path", "scenario", "code", "reason"});
    if (auto scenario = entry["scenario"];
        scenario && fields.scalar(scenario, field + ".scenario") != scenario_id) {
      continue;  // another scenario's path against the same Edge
    }
    YAML::Node id_node = fields.required(entry, "path", field);
    std::string id = fields.scalar(id_node, field + ".path");
    auto path = std::ranges::find(paths, id, &PathSpec::id);
    if (path == paths.end()) {
      fields.fail(id_node, field + ".path",
                  fmt::format("scenario '{}' has no path '{}'; take it off the list or name "
                              "its scenario",
                              scenario_id, id));
    }
    if (!path->expect.expects_pass()) {
      fields.fail(id_node, field + ".path",
                  fmt::format("path '{}' already expects a failure in its scenario", id));
    }
    if (auto code_node = entry["code"]) {
      std::string code = fields.scalar(code_node, field + ".code");
      path->expect.failure = finding_code_from_string(code);
      if (!path->expect.failure) {
        fields.fail(code_node, field + ".code", fmt::format("'{}' is not a finding code", code));
      }
    }
    YAML::Node reason = fields.required(entry, "reason", field);
    path->expect.known_failure = fmt::format("{}:{}: {}", list.string(), entry.Mark().line + 1,
                                             fields.scalar(reason, field + ".reason"));
  }
}

}  // namespace fedharness
