#include "scenario/expectation_reader.hpp"

#include <fmt/core.h>

#include "net/tls_observation.hpp"
#include "xmpp/stream_error_conditions.hpp"

namespace fedharness {
namespace {

// node[key], when present, must be a name `registered` knows; "" when absent.
std::string read_registered_name(const YamlFields& fields, const YAML::Node& node,
                                 const std::string& key, const std::string& parent,
                                 bool (*registered)(std::string_view), std::string_view what) {
  YAML::Node value = node[key];
  if (!value) {
    return "";
  }
  std::string field = parent + "." + key;
  std::string name = fields.scalar(value, field);
  if (!registered(name)) {
    fields.fail(value, field, fmt::format("'{}' is not {}", name, what));
  }
  return name;
}

}  // namespace

// `expect: pass` or `expect: {fail: CODE}`, the failure optionally with what
// the refused end received (`remote_alert: NAME`, `remote_stream_error:
// CONDITION`). An expected code on an expected pass contradicts itself and
// is refused (as BoGo refuses expectedError without shouldFail).
Expectation read_expectation(const YamlFields& fields, const YAML::Node& node,
                             const std::string& field) {
  if (node.IsScalar()) {
    if (node.Scalar() != "pass") {
      fields.fail(node, field,
                  fmt::format("expected pass or {{fail: CODE}}, found '{}'", node.Scalar()));
    }
    return {};
  }
  fields.expect_map(node, field, {"pass", "fail", "remote_alert", "remote_stream_error"});
  if (node["pass"]) {
    fields.fail(node, field,
                "an expected pass cannot also name a failure code; write `expect: pass` or "
                "`expect: {fail: CODE}`");
  }
  YAML::Node code_node = fields.required(node, "fail", field);
  std::string code = fields.scalar(code_node, field + ".fail");
  auto parsed = finding_code_from_string(code);
  if (!parsed) {
    fields.fail(code_node, field + ".fail", fmt::format("'{}' is not a finding code", code));
  }
  Expectation expectation{parsed};
  expectation.remote_alert = read_registered_name(
      fields, node, "remote_alert", field, net::is_alert_name,
      "a TLS alert name (RFC 8446 §6: unsupported_certificate, unknown_ca, ...)");
  expectation.remote_stream_error = read_registered_name(
      fields, node, "remote_stream_error", field, xmpp::is_stream_error_condition,
      "a stream error condition (RFC 6120 §4.9.3: not-authorized, policy-violation, ...)");
  return expectation;
}

}  // namespace fedharness
