#include "serve/metrics.hpp"

#include <chrono>
#include <set>

#include "pki/certificate_info.hpp"
#include "serve/prometheus_text.hpp"

namespace fedharness::serve {
namespace {

double epoch_seconds(const std::string& rfc3339) {
  auto at = parse_iso8601_utc(rfc3339);
  if (!at) {
    return 0;
  }
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(at->time_since_epoch()).count());
}

Labels path_labels(const ScenarioReport& scenario, const PathReport& path) {
  return {{"scenario", scenario.id},
          {"path", path.id},
          {"protocol", std::string(to_string(path.protocol))},
          {"direction", std::string(to_string(path.direction))},
          {"partner", path.partner},
          {"policy", path.policy}};
}

template <typename Sample>
void each_path(const RunReport& report, Sample sample) {
  for (const ScenarioReport& scenario : report.scenarios) {
    for (const PathReport& path : scenario.paths) {
      sample(scenario, path);
    }
  }
}

void path_metrics(PrometheusText& out, const RunReport& report) {
  out.family("fedharness_path_ok", "gauge",
             "1 when the path met its expectation in the newest run, 0 when it did not");
  each_path(report, [&](const ScenarioReport& scenario, const PathReport& path) {
    out.sample("fedharness_path_ok", path_labels(scenario, path), path.met_expectation() ? 1 : 0);
  });
  out.family("fedharness_path_observed", "gauge",
             "1 for the code the newest run observed on the path (pass, or a finding code)");
  each_path(report, [&](const ScenarioReport& scenario, const PathReport& path) {
    if (!path.observed) {
      return;  // skipped, or an error before the path ran: nothing observed
    }
    Labels labels = path_labels(scenario, path);
    labels.emplace_back("code", verdict_code(*path.observed));
    out.sample("fedharness_path_observed", labels, 1);
  });
  out.family("fedharness_path_duration_seconds", "gauge",
             "How long the path took in the newest run");
  each_path(report, [&](const ScenarioReport& scenario, const PathReport& path) {
    out.sample("fedharness_path_duration_seconds", path_labels(scenario, path),
               path.duration_seconds);
  });
}

// Every certificate of the chains the ends were presented: the Edge's as
// the partners saw it, the partners' as the Edge saw it. An intermediate
// that expires breaks the path as surely as the leaf.
void certificate_metrics(PrometheusText& out, const RunReport& report) {
  out.family("fedharness_certificate_not_after_timestamp_seconds", "gauge",
             "When a certificate presented in the newest run expires (Unix time)");
  std::set<std::pair<std::string, std::string>> seen;  // role, sha1
  auto chain = [&](const std::optional<EndReport>& end, const std::string& role) {
    if (!end) {
      return;
    }
    for (const CertificateSummary& certificate : end->tls.peer_chain) {
      if (certificate.sha1_thumbprint.empty() ||
          !seen.emplace(role, certificate.sha1_thumbprint).second) {
        continue;
      }
      out.sample(
          "fedharness_certificate_not_after_timestamp_seconds",
          {{"role", role}, {"subject", certificate.subject}, {"sha1", certificate.sha1_thumbprint}},
          epoch_seconds(certificate.not_after));
    }
  };
  each_path(report, [&](const ScenarioReport&, const PathReport& path) {
    chain(path.partner_end, "edge");
    chain(path.edge_end, "partner");
  });
}

}  // namespace

std::string render_metrics(const MetricsSnapshot& snapshot) {
  PrometheusText out;
  if (snapshot.latest != nullptr) {
    path_metrics(out, *snapshot.latest);
    certificate_metrics(out, *snapshot.latest);
    out.family("fedharness_run_duration_seconds", "gauge", "How long the newest run took");
    out.sample("fedharness_run_duration_seconds", {}, snapshot.latest->run.duration_seconds);
    out.family("fedharness_last_run_timestamp_seconds", "gauge",
               "When the newest run with a report started (Unix time)");
    out.sample("fedharness_last_run_timestamp_seconds", {},
               epoch_seconds(snapshot.latest->run.started_at));
  }
  out.family("fedharness_run_in_progress", "gauge", "1 while a run is in progress");
  out.sample("fedharness_run_in_progress", {}, snapshot.running ? 1 : 0);
  out.family("fedharness_runs_total", "counter",
             "Runs ended, by result: passed, failed, error (could not run), unfinished");
  for (std::string_view result : {"passed", "failed", "error", "unfinished"}) {
    auto found = snapshot.runs_total.find(std::string(result));
    out.sample("fedharness_runs_total", {{"result", std::string(result)}},
               found == snapshot.runs_total.end() ? 0 : static_cast<double>(found->second));
  }
  return out.text();
}

}  // namespace fedharness::serve
