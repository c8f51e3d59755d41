#include "serve/dashboard_html.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>

#include <array>

#include "pki/certificate_info.hpp"
#include "report/html_blocks.hpp"
#include "report/path_details_html.hpp"
#include "report/path_row.hpp"
#include "report/run_html_style.hpp"
#include "report/xml_escape.hpp"
#include "serve/path_history.hpp"

namespace fedharness::serve {
namespace {

// How many runs the history strips and the runs table show.
constexpr size_t kStripRuns = 20;

// The page's only script. It follows the live events (WHATWG HTML §9.2,
// EventSource) and, when a run ends, replaces <main> with the server's new
// rendering: the page never builds HTML from event data itself.
constexpr std::string_view kScript = R"js(
const status = document.getElementById('status');
const show = (text, state) => { status.textContent = text; status.className = state; };
const refresh = async () => {
  const response = await fetch('/dashboard/main', { cache: 'no-store' });
  if (response.ok) {
    document.querySelector('main').innerHTML = await response.text();
  }
};
const events = new EventSource('/api/events');
events.addEventListener('run-started', (event) => {
  const run = JSON.parse(event.data);
  show(`Run ${run.id} started (${run.trigger})`, 'running');
});
events.addEventListener('progress', (event) => {
  const run = JSON.parse(event.data);
  show(`Run ${run.id}: ${run.done} of ${run.total} paths done, the last ${run.path}`, 'running');
});
events.addEventListener('run-finished', (event) => {
  const run = JSON.parse(event.data);
  show(`Run ${run.id} ${run.status}: ${run.paths_met} of ${run.paths_total} paths met their expectation`, run.status);
  refresh();
});
events.addEventListener('error', () => show('Not connected to fedharness serve; retrying', 'offline'));
document.getElementById('run-now').addEventListener('click', async () => {
  const response = await fetch('/api/runs', { method: 'POST' });
  if (response.status === 409) {
    show('A run is in progress already', 'running');
  }
});
)js";

constexpr std::string_view kStyle = R"css(
#status { font-weight: bold; padding: .3em .6em; display: inline-block; background: #eee; }
#status.running { background: #fff3c4; }
#status.passed { background: #dff3df; }
#status.failed, #status.error, #status.offline { background: #f8d7d7; }
.strip { display: flex; gap: 2px; }
.strip a { display: inline-block; width: .8em; height: 1.2em; background: #ccc; }
.strip a.met { background: #2e9b2e; }
.strip a.unmet { background: #c62828; }
.flaky { color: #8a4b00; font-weight: bold; }
.changes li.broke { color: #b00000; }
.changes li.recovered { color: #146c14; }
.expiry.soon { color: #b00000; font-weight: bold; }
)css";

std::string base64(const unsigned char* bytes, size_t size) {
  std::string text(4 * ((size + 2) / 3) + 1, '\0');
  int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), bytes, static_cast<int>(size));
  text.resize(static_cast<size_t>(written));
  return text;
}

// CSP Level 3 §8.4: a hash source admits exactly this inline script.
std::string script_hash_source() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(kScript.data(), kScript.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return "'sha256-" + base64(digest.data(), size) + "'";
}

std::string describe_every(std::chrono::milliseconds every) {
  if (every.count() == 0) {
    return "on request only";
  }
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(every).count();
  if (minutes > 0 && every == std::chrono::minutes(minutes)) {
    return fmt::format("every {} min", minutes);
  }
  return fmt::format("every {} s", std::chrono::duration_cast<std::chrono::seconds>(every).count());
}

std::string run_link(int64_t id, std::string_view text) {
  return fmt::format("<a href=\"/api/runs/{}/report.html\">{}</a>", id, xml_escape(text));
}

std::string changes_html(const std::vector<VerdictChange>& changes) {
  std::string html =
      "<section class=\"changes\" id=\"changes\"><h2>Changed since the previous run</h2>\n";
  if (changes.empty()) {
    return html + "<p>Nothing: every path has the verdict it had.</p></section>\n";
  }
  html += "<ul>\n";
  for (const VerdictChange& change : changes) {
    html +=
        fmt::format("<li class=\"{}\">{}: {} → {}</li>\n", change.met_after ? "recovered" : "broke",
                    xml_escape(change.path.first + " " + change.path.second),
                    xml_escape(change.before), xml_escape(change.after));
  }
  return html + "</ul></section>\n";
}

std::string strip_html(const PathHistory& history) {
  std::string html = "<span class=\"strip\">";
  // Oldest on the left, as a timeline reads.
  size_t shown = std::min(history.runs.size(), kStripRuns);
  for (size_t i = shown; i-- > 0;) {
    const PathVerdict& run = history.runs[i];
    html += fmt::format(
        "<a class=\"{}\" href=\"/api/runs/{}/report.html\" title=\"run {}: {}\"></a>",
        run.met ? "met" : "unmet", run.run_id, run.run_id, xml_escape(describe_verdict(run)));
  }
  return html + "</span>";
}

// The Edge's certificate as the partners were presented it: the first path
// whose partner end saw a chain.
std::string edge_certificate_html(const ScenarioReport& scenario,
                                  const std::vector<SeenCertificate>& seen,
                                  std::chrono::system_clock::time_point now) {
  for (const PathReport& path : scenario.paths) {
    if (!path.partner_end || path.partner_end->tls.peer_chain.empty()) {
      continue;
    }
    const CertificateSummary& leaf = path.partner_end->tls.peer_chain.front();
    std::string expiry = xml_escape(leaf.not_after);
    if (auto not_after = parse_iso8601_utc(leaf.not_after)) {
      auto days = std::chrono::duration_cast<std::chrono::hours>(*not_after - now).count() / 24;
      constexpr long kSoonDays = 30;
      expiry = fmt::format("<span class=\"expiry{}\">{} ({} days)</span>",
                           days < kSoonDays ? " soon" : "", expiry, days);
    }
    std::string html = "<dl class=\"edge-certificate\">\n";
    html += definition_html("subject", "Edge certificate", xml_escape(leaf.subject));
    html += definition_html("sha1", "SHA-1 thumbprint", xml_escape(leaf.sha1_thumbprint));
    html += definition_html("not-after", "expires", expiry);
    // Since when: a renewal shows as a new thumbprint from that run on.
    for (const SeenCertificate& certificate : seen) {
      if (certificate.role == "edge" && certificate.sha1 == leaf.sha1_thumbprint) {
        html += definition_html(
            "first-seen", "presented since",
            run_link(certificate.first_run, fmt::format("run {}", certificate.first_run)));
      }
    }
    return html + "</dl>\n";
  }
  return "<p class=\"none\">No path saw the Edge's certificate.</p>\n";
}

std::string scenario_html(const ScenarioReport& scenario, int64_t run_id,
                          const std::map<PathKey, PathHistory>& histories,
                          const std::vector<SeenCertificate>& seen,
                          std::chrono::system_clock::time_point now) {
  std::string html = fmt::format("<section class=\"scenario\"><h2>{}</h2>\n",
                                 xml_escape(scenario.name.empty() ? scenario.id : scenario.name));
  html += edge_certificate_html(scenario, seen, now);
  html +=
      "<table class=\"matrix\">\n<thead><tr><th>id</th><th>path</th><th>outcome</th>"
      "<th>code</th><th>history (oldest first)</th></tr></thead>\n<tbody>\n";
  for (const PathReport& path : scenario.paths) {
    PathRow row = make_path_row(path);
    std::string outcome(to_string(path.outcome));
    auto found = histories.find({scenario.id, path.id});
    std::string history = found == histories.end() ? "" : strip_html(found->second);
    if (found != histories.end() && found->second.flaky) {
      history +=
          " <span class=\"flaky\" title=\"its verdict changed while its inputs did "
          "not\">flaky</span>";
    }
    html += fmt::format(
        "<tr class=\"{}\"><td class=\"id\"><a href=\"/api/runs/{}/report.html#{}\">{}</a></td>"
        "<td class=\"path\">{}</td><td class=\"outcome {}\">{}</td><td class=\"code\">{}</td>"
        "<td>{}</td></tr>\n",
        outcome, run_id, xml_escape(path_anchor(scenario, path)), xml_escape(path.id),
        xml_escape(row.path), outcome, xml_escape(row.outcome), xml_escape(row.code), history);
  }
  return html + "</tbody>\n</table>\n</section>\n";
}

std::string runs_html(const std::vector<StoredRun>& runs) {
  std::string html =
      "<section class=\"runs\"><h2>Runs</h2>\n<table>\n<thead><tr><th>run</th><th>started</th>"
      "<th>trigger</th><th>status</th><th>paths met</th><th>reports</th></tr></thead>\n<tbody>\n";
  for (const StoredRun& run : runs) {
    std::string reports = "<span class=\"none\">none</span>";
    if (run.status == RunStatus::passed || run.status == RunStatus::failed) {
      reports = fmt::format(
          "{}, <a href=\"/api/runs/{}/report.junit.xml\">JUnit</a>, <a "
          "href=\"/api/runs/{}\">JSON</a>",
          run_link(run.id, "HTML"), run.id, run.id);
    } else if (!run.error.empty()) {
      reports = xml_escape(run.error);
    }
    html += fmt::format(
        "<tr><td>{}</td><td><time>{}</time></td><td>{}</td><td class=\"status\">{}</td>"
        "<td>{} of {}</td><td>{}</td></tr>\n",
        run.id, xml_escape(run.started_at), to_string(run.trigger), to_string(run.status),
        run.paths_met, run.paths_total, reports);
  }
  return html + "</tbody>\n</table>\n</section>\n";
}

std::string status_text(const DashboardView& view) {
  if (view.running) {
    return fmt::format("Run {} in progress", *view.running);
  }
  if (view.runs.empty()) {
    return "No run yet";
  }
  const StoredRun& last = view.runs.front();
  return fmt::format("Run {} {}: {} of {} paths met their expectation", last.id,
                     to_string(last.status), last.paths_met, last.paths_total);
}

std::string status_class(const DashboardView& view) {
  if (view.running) {
    return "running";
  }
  return view.runs.empty() ? "" : std::string(to_string(view.runs.front().status));
}

}  // namespace

const std::string& dashboard_content_security_policy() {
  static const std::string policy =
      "default-src 'none'; style-src 'unsafe-inline'; script-src " + script_hash_source() +
      "; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return policy;
}

std::string dashboard_main(const DashboardView& view) {
  std::map<PathKey, PathHistory> histories = path_histories(view.verdicts);
  std::string html;
  if (view.latest == nullptr) {
    html += "<p class=\"none\">No run has a report yet.</p>\n";
  } else {
    html += changes_html(verdict_changes(histories));
    for (const ScenarioReport& scenario : view.latest->scenarios) {
      html += scenario_html(scenario, view.latest_id, histories, view.certificates, view.now);
    }
  }
  return html + runs_html(view.runs);
}

std::string dashboard_page(const DashboardView& view) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>fedharness serve</title>\n<style>{}{}</style>\n</head>\n<body>\n<header>\n"
      "<h1>fedharness serve</h1>\n<p>Runs {}. <button id=\"run-now\" type=\"button\">Run "
      "now</button> "
      "<a href=\"/metrics\">metrics</a></p>\n<p id=\"status\" class=\"{}\">{}</p>\n</header>\n"
      "<main>\n{}</main>\n<script>{}</script>\n</body>\n</html>\n",
      run_html_style(), kStyle, describe_every(view.every), status_class(view),
      xml_escape(status_text(view)), dashboard_main(view), kScript);
}

}  // namespace fedharness::serve
