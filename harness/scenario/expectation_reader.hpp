#pragma once

#include <string>

#include "scenario/scenario.hpp"
#include "util/yaml_fields.hpp"

namespace fedharness {

/// A path's `expect:` (at `field`, "paths[0].expect"): `pass`, or `{fail:
/// CODE}` with optionally what the refused end received (`remote_alert`,
/// `remote_stream_error`). Throws BadInput "file:line: field: what".
Expectation read_expectation(const YamlFields& fields, const YAML::Node& node,
                             const std::string& field);

}  // namespace fedharness
