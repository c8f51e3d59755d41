#include "scenario/expectation_reader.hpp"

#include <fmt/core.h>

#include "net/tls_observation.hpp"
#include "xmpp/stream_error_conditions.hpp"

namespace fedharness {

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
  if (auto alert = node["remote_alert"]) {
    expectation.remote_alert = fields.scalar(alert, field + ".remote_alert");
    if (!net::is_alert_name(expectation.remote_alert)) {
      fields.fail(alert, field + ".remote_alert",
                  fmt::format("'{}' is not a TLS alert name (RFC 8446 §6: "
                              "unsupported_certificate, unknown_ca, ...)",
                              expectation.remote_alert));
    }
  }
  if (auto condition = node["remote_stream_error"]) {
    expectation.remote_stream_error = fields.scalar(condition, field + ".remote_stream_error");
    if (!xmpp::is_stream_error_condition(expectation.remote_stream_error)) {
      fields.fail(condition, field + ".remote_stream_error",
                  fmt::format("'{}' is not a stream error condition (RFC 6120 §4.9.3: "
                              "not-authorized, policy-violation, ...)",
                              expectation.remote_stream_error));
    }
  }
  return expectation;
}

}  // namespace fedharness
