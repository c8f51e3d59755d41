#include "report/run_report_builder.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <openssl/x509.h>

#include "pki/certificate_info.hpp"
#include "transcript/printable.hpp"

namespace fedharness {
namespace {

// A certificate is the peer's to write: its names may hold any bytes.
std::vector<std::string> displayable_names(std::vector<std::string> names) {
  for (std::string& name : names) {
    name = displayable(name);
  }
  return names;
}

CertificateSummary summarize_certificate(X509* certificate) {
  CertificateInfo info = inspect_certificate(certificate);
  return {displayable(info.subject),
          displayable(info.issuer),
          displayable_names(std::move(info.dns_names)),
          displayable_names(std::move(info.uris)),
          displayable_names(std::move(info.srv_ids)),
          displayable_names(std::move(info.xmpp_addrs)),
          std::move(info.eku),
          iso8601_utc(info.not_before),
          iso8601_utc(info.not_after),
          std::move(info.serial),
          std::move(info.sha1_thumbprint),
          std::move(info.sha256_fingerprint)};
}

std::optional<AlertSummary> summarize_alert(const std::optional<net::Alert>& alert) {
  if (!alert) {
    return std::nullopt;
  }
  return AlertSummary{alert->description, alert->name()};
}

TlsSummary summarize_tls(const net::TlsObservation& tls) {
  TlsSummary summary{tls.version,
                     tls.cipher,
                     summarize_alert(tls.alert_sent),
                     summarize_alert(tls.alert_received),
                     {},
                     displayable(tls.name_failure),
                     tls.presented_certificate,
                     {}};
  for (const auto& failure : tls.verify_failures) {
    summary.verify_failures.push_back(
        {failure.error, X509_verify_cert_error_string(failure.error), failure.depth,
         failure.certificate ? displayable(inspect_certificate(failure.certificate.get()).subject)
                             : ""});
  }
  for (const auto& certificate : tls.peer_chain) {
    summary.peer_chain.push_back(summarize_certificate(certificate.get()));
  }
  return summary;
}

std::optional<EndReport> summarize_end(const std::optional<net::ConnectionOutcome>& end) {
  if (!end) {
    return std::nullopt;
  }
  return EndReport{end->passed, end->code,     end->side,
                   end->stage,  end->evidence, summarize_tls(end->tls)};
}

ScenarioReport make_scenario_report(const ScenarioResult& result) {
  const Scenario& scenario = *result.scenario;
  const Topology& topology = scenario.topology;
  ScenarioReport report{scenario.id,
                        scenario.name,
                        scenario.file.string(),
                        {topology.source.string(), topology.access_fqdn, topology.sip_domains,
                         topology.xmpp_domains, topology.public_im},
                        {},
                        {}};
  // The simulated Edge's ports are this run's loopback ones: not worth keeping.
  // An Edge found through DNS has no ports of its own: each path's
  // edge_target says where it went.
  if (!scenario.edge.domain.empty()) {
    report.edge = {false, scenario.edge.domain, 0, 0};
  } else if (!scenario.edge.simulated) {
    const EdgeServer& address = scenario.edge.servers.front();
    report.edge = {false, address.host, address.sip_port, address.xmpp_port};
  }
  for (const auto& path : result.paths) {
    report.paths.push_back(make_path_report(path));
  }
  return report;
}

}  // namespace

PathReport make_path_report(const PathResult& result) {
  const PathSpec& path = *result.spec;
  bool ran = result.outcome != PathOutcome::skipped && result.outcome != PathOutcome::error;
  return {path.index,
          path.id,
          path.protocol,
          path.direction,
          path.edge_domain,
          path.partner,
          path.policy.name,
          path.expect,
          result.outcome,
          result.reason,
          result.elapsed.count(),
          ran ? std::optional(result.observed) : std::nullopt,
          result.predicted,
          summarize_end(result.edge_end),
          summarize_end(result.partner_end),
          path.edge_target};
}

RunReport make_run_report(const std::vector<ScenarioResult>& results, RunMetadata run) {
  RunReport report{std::move(run), {}};
  for (const auto& result : results) {
    report.scenarios.push_back(make_scenario_report(result));
  }
  return report;
}

}  // namespace fedharness
