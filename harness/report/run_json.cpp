#include "report/run_json.hpp"

#include <boost/json.hpp>

#include "report/json_text.hpp"
#include "report/run_report_builder.hpp"
#include "report/run_summary.hpp"
#include "report/utf8.hpp"

namespace fedharness {
namespace {

namespace json = boost::json;

json::array strings(const std::vector<std::string>& values) {
  return json::array(values.begin(), values.end());
}

json::value code_or_null(const std::optional<FindingCode>& code) {
  return code ? json::value(to_string(*code)) : json::value(nullptr);
}

template <typename T, typename Convert>
json::value or_null(const std::optional<T>& value, Convert convert) {
  return value ? json::value(convert(*value)) : json::value(nullptr);
}

// What the refused end received, of a verdict or an expectation: the members
// only when there is something to say (docs/report-schema.md).
void add_remote(json::object& object, const std::string& alert, const std::string& stream_error) {
  if (!alert.empty()) {
    object["remote_alert"] = alert;
  }
  if (!stream_error.empty()) {
    object["remote_stream_error"] = stream_error;
  }
}

json::value verdict_to_json(const Verdict& verdict) {
  json::object object{{"result", verdict.passed ? "pass" : "fail"}};
  if (!verdict.passed) {
    object["code"] = code_or_null(verdict.code);
    object["side"] = verdict.side;
    object["fix"] = verdict.code ? json::value(info(*verdict.code).fix) : json::value(nullptr);
  }
  object["stage"] = verdict.stage;
  object["evidence"] = verdict.evidence;
  add_remote(object, verdict.remote_alert, verdict.remote_stream_error);
  return object;
}

json::value expectation_to_json(const Expectation& expect) {
  if (expect.expects_pass()) {
    return "pass";
  }
  json::object object{{"fail", code_or_null(expect.failure)}};
  if (!expect.known_failure.empty()) {
    object["known_failure"] = expect.known_failure;
  }
  add_remote(object, expect.remote_alert, expect.remote_stream_error);
  return object;
}

json::object certificate_to_json(const CertificateSummary& certificate) {
  return {{"subject", certificate.subject},
          {"issuer", certificate.issuer},
          {"sans",
           {{"dns", strings(certificate.dns_names)},
            {"uri", strings(certificate.uris)},
            {"srv", strings(certificate.srv_ids)},
            {"xmpp_addr", strings(certificate.xmpp_addrs)}}},
          {"eku", or_null(certificate.eku, strings)},
          {"not_before", certificate.not_before},
          {"not_after", certificate.not_after},
          {"serial", certificate.serial},
          {"sha1_thumbprint", certificate.sha1_thumbprint},
          {"sha256_fingerprint", certificate.sha256_fingerprint}};
}

json::object alert_to_json(const AlertSummary& alert) {
  return {{"description", alert.description}, {"name", alert.name}};
}

json::object tls_to_json(const TlsSummary& tls) {
  json::array failures;
  for (const auto& failure : tls.verify_failures) {
    failures.push_back(json::object{{"error", failure.error},
                                    {"message", failure.message},
                                    {"depth", failure.depth},
                                    {"subject", failure.subject}});
  }
  json::array chain;
  for (const auto& certificate : tls.peer_chain) {
    chain.push_back(certificate_to_json(certificate));
  }
  return {{"version", tls.version},
          {"cipher", tls.cipher},
          {"alert_sent", or_null(tls.alert_sent, alert_to_json)},
          {"alert_received", or_null(tls.alert_received, alert_to_json)},
          {"verify_failures", std::move(failures)},
          {"name_failure", tls.name_failure},
          {"presented_certificate", tls.presented_certificate},
          {"peer_chain", std::move(chain)}};
}

json::object end_to_json(const EndReport& end) {
  return {{"result", end.passed ? "pass" : "fail"},
          {"code", code_or_null(end.code)},
          {"side", net::to_string(end.side)},
          {"stage", end.stage},
          {"evidence", end.evidence},
          {"tls", tls_to_json(end.tls)}};
}

json::object scenario_to_json(const ScenarioReport& scenario) {
  json::array paths;
  for (const auto& path : scenario.paths) {
    paths.push_back(path_to_json(path));
  }
  const TopologySummary& topology = scenario.topology;
  json::object edge{{"simulated", scenario.edge.simulated}};
  if (!scenario.edge.simulated) {
    edge["host"] = scenario.edge.host;
    edge["sip_port"] = scenario.edge.sip_port;
    edge["xmpp_port"] = scenario.edge.xmpp_port;
  }
  return {{"id", scenario.id},
          {"name", scenario.name},
          {"file", scenario.file},
          {"topology",
           {{"file", topology.file},
            {"access_fqdn", topology.access_fqdn},
            {"sip_domains", strings(topology.sip_domains)},
            {"xmpp_domains", strings(topology.xmpp_domains)},
            {"public_im", strings(topology.public_im)}}},
          {"edge", std::move(edge)},
          {"paths", std::move(paths)}};
}

json::object metadata_to_json(const RunMetadata& run) {
  return {{"fedharness_version", run.fedharness_version},
          {"started_at", run.started_at},
          {"duration_seconds", run.duration_seconds},
          {"shard", or_null(run.shard,
                            [](const Shard& shard) {
                              return json::object{{"index", shard.index}, {"count", shard.count}};
                            })},
          {"merged_from", strings(run.merged_from)},
          {"judged_at", run.judged_at.empty() ? json::value(nullptr) : json::value(run.judged_at)}};
}

json::value edge_target_to_json(const EdgeTarget& target) {
  return json::object{
      {"host", target.host},
      {"address", target.address.empty() ? json::value(nullptr) : json::value(target.address)},
      {"port", target.port},
      {"record", target.record.empty() ? json::value(nullptr) : json::value(target.record)}};
}

}  // namespace

json::value path_to_json(const PathReport& path) {
  return json::object{
      {"index", path.index},
      {"id", path.id},
      {"protocol", to_string(path.protocol)},
      {"direction", to_string(path.direction)},
      {"edge_domain", path.edge_domain},
      {"partner", path.partner},
      {"policy", path.policy},
      {"expect", expectation_to_json(path.expect)},
      {"outcome", to_string(path.outcome)},
      {"reason", path.reason},
      {"duration_seconds", path.duration_seconds},
      {"observed", or_null(path.observed, verdict_to_json)},
      {"predicted", or_null(path.predicted, verdict_to_json)},
      {"prediction_agrees", path.predicted && path.observed
                                ? json::value(!path.prediction_disagrees())
                                : json::value(nullptr)},
      {"edge_end", or_null(path.edge_end, end_to_json)},
      {"partner_end", or_null(path.partner_end, end_to_json)},
      {"edge_target", or_null(path.edge_target, edge_target_to_json)},
  };
}

json::value path_to_json(const PathResult& result) {
  return path_to_json(make_path_report(result));
}

json::value run_report_to_json(const RunReport& report) {
  json::array scenarios;
  for (const auto& scenario : report.scenarios) {
    scenarios.push_back(scenario_to_json(scenario));
  }
  RunSummary summary = summarize(report);
  return json::object{
      {"schema", kRunReportSchema},
      {"run", metadata_to_json(report.run)},
      {"scenarios", std::move(scenarios)},
      {"summary", json::object{{"passed", summary.passed},
                               {"failed", summary.failed},
                               {"skipped", summary.skipped},
                               {"prediction_disagreements", summary.prediction_disagreements}}}};
}

std::string serialize_run_report(const RunReport& report) {
  // Outside strings a serialized document is ASCII: repairing the whole text
  // repairs exactly the strings.
  return valid_utf8(to_json_text(run_report_to_json(report)));
}

}  // namespace fedharness
