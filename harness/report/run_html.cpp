#include "report/run_html.hpp"

#include <fmt/core.h>

#include "report/html_blocks.hpp"
#include "report/path_details_html.hpp"
#include "report/path_row.hpp"
#include "report/run_html_style.hpp"
#include "report/run_summary.hpp"
#include "report/xml_escape.hpp"

namespace fedharness {
namespace {

// No fetch at all, whatever the page says: only the inline style may apply.
constexpr std::string_view kContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

std::string run_metadata_html(const RunMetadata& run) {
  std::string html = "<dl class=\"run\">\n";
  html += definition_html("version", "fedharness", xml_escape(run.fedharness_version));
  html += definition_html("started", "started",
                          fmt::format("<time>{}</time>", xml_escape(run.started_at)));
  html += definition_html("duration", "duration", fmt::format("{:.1f} s", run.duration_seconds));
  if (run.shard) {
    html +=
        definition_html("shard", "shard", fmt::format("{}/{}", run.shard->index, run.shard->count));
  }
  if (!run.merged_from.empty()) {
    html += definition_html("merged-from", "merged from", escaped_list(run.merged_from));
  }
  if (!run.judged_at.empty()) {
    html += definition_html("judged-at", "validity judged as of",
                            fmt::format("<time>{}</time>", xml_escape(run.judged_at)));
  }
  return html + "</dl>\n";
}

std::string edge_html(const EdgeSummary& edge) {
  if (edge.simulated) {
    return "simulated";
  }
  if (edge.sip_port == 0) {
    return fmt::format("{}, as its SRV records publish it", xml_escape(edge.host));
  }
  return fmt::format("{} (SIP port {}, XMPP port {})", xml_escape(edge.host), edge.sip_port,
                     edge.xmpp_port);
}

std::string topology_html(const ScenarioReport& scenario) {
  const TopologySummary& topology = scenario.topology;
  std::string html = "<dl class=\"topology\">\n";
  html += definition_html("file", "scenario file", xml_escape(scenario.file));
  html += definition_html("topology-file", "topology file", xml_escape(topology.file));
  html += definition_html("access-fqdn", "Access Edge FQDN", xml_escape(topology.access_fqdn));
  html += definition_html("sip-domains", "SIP domains", escaped_list(topology.sip_domains));
  html += definition_html("xmpp-domains", "XMPP domains", escaped_list(topology.xmpp_domains));
  html += definition_html("public-im", "public IM", escaped_list(topology.public_im));
  html += definition_html("edge", "Edge", edge_html(scenario.edge));
  return html + "</dl>\n";
}

std::string matrix_row_html(const ScenarioReport& scenario, const PathReport& path) {
  PathRow row = make_path_row(path);
  std::string outcome(to_string(path.outcome));
  std::string predicted = xml_escape(row.predicted);
  if (path.prediction_disagrees()) {
    predicted += " <span class=\"disagrees\">⚠ disagrees</span>";
  }
  return fmt::format(
      "<tr class=\"{}\"><td class=\"id\"><a href=\"#{}\">{}</a></td><td class=\"path\">{}</td>"
      "<td class=\"outcome {}\">{}</td><td class=\"code\">{}</td><td class=\"side\">{}</td>"
      "<td class=\"predicted\">{}</td></tr>\n",
      outcome, xml_escape(path_anchor(scenario, path)), xml_escape(path.id), xml_escape(row.path),
      outcome, xml_escape(row.outcome), xml_escape(row.code), xml_escape(row.side), predicted);
}

std::string matrix_html(const ScenarioReport& scenario) {
  const PathRow& header = kPathRowHeader;
  std::string html = fmt::format(
      "<table class=\"matrix\">\n<thead><tr><th>id</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      header.path, header.outcome, header.code, header.side, header.predicted);
  for (const auto& path : scenario.paths) {
    html += matrix_row_html(scenario, path);
  }
  return html + "</tbody>\n</table>\n";
}

std::string scenario_html(const ScenarioReport& scenario) {
  std::string html = fmt::format("<section class=\"scenario\" id=\"scenario-{}\">\n<h2>{}</h2>\n",
                                 xml_escape(scenario.id),
                                 xml_escape(scenario.name.empty() ? scenario.id : scenario.name));
  html += topology_html(scenario);
  html += matrix_html(scenario);
  html += "<h3>Paths</h3>\n";
  for (const auto& path : scenario.paths) {
    html += path_details_html(scenario, path);
  }
  return html + "</section>\n";
}

// What needs attention first: every path that did not meet its expectation,
// linked to its details, with its code and the reason, before any matrix.
std::string unmet_html(const RunReport& report) {
  std::string items;
  for (const auto& scenario : report.scenarios) {
    for (const auto& path : scenario.paths) {
      if (path.met_expectation()) {
        continue;
      }
      PathRow row = make_path_row(path);
      items += fmt::format(
          "<li class=\"{}\"><a href=\"#{}\">{}: {}</a> <span class=\"outcome {}\">{}</span> "
          "<span class=\"code\">{}</span> {}</li>\n",
          to_string(path.outcome), xml_escape(path_anchor(scenario, path)),
          xml_escape(scenario.name.empty() ? scenario.id : scenario.name), xml_escape(path.id),
          to_string(path.outcome), xml_escape(row.outcome), xml_escape(row.code),
          xml_escape(path.reason));
    }
  }
  if (items.empty()) {
    return "<section class=\"unmet\" id=\"unmet\"><h2>What failed</h2>\n"
           "<p>Every path met its expectation.</p></section>\n";
  }
  return "<section class=\"unmet\" id=\"unmet\"><h2>What failed</h2>\n<ul>\n" + items +
         "</ul></section>\n";
}

}  // namespace

std::string run_report_to_html(const RunReport& report) {
  RunSummary summary = summarize(report);
  std::string line = summary_line(summary);
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>fedharness: {}</title>\n<style>{}</style>\n</head>\n<body>\n<header>\n"
      "<h1>fedharness run report</h1>\n",
      kContentSecurityPolicy, line, run_html_style());
  html += run_metadata_html(report.run);
  html +=
      fmt::format("<p class=\"summary {}\">{}</p>\n", summary.all_met() ? "met" : "unmet", line);
  if (summary.prediction_disagreements > 0) {
    html += fmt::format("<p class=\"disagreements\">⚠ {}</p>\n", disagreement_line(summary));
  }
  html += "</header>\n<main>\n";
  html += unmet_html(report);
  for (const auto& scenario : report.scenarios) {
    if (!scenario.paths.empty()) {
      html += scenario_html(scenario);
    }
  }
  return html + "</main>\n</body>\n</html>\n";
}

}  // namespace fedharness
