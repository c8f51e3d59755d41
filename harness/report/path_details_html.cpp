#include "report/path_details_html.hpp"

#include <fmt/core.h>

#include "report/end_report_html.hpp"
#include "report/html_blocks.hpp"
#include "report/xml_escape.hpp"

namespace fedharness {
namespace {

std::string summary_html(const PathReport& path) {
  std::string outcome(to_string(path.outcome));
  std::string html = fmt::format(
      "<summary><span class=\"id\">{}</span> <span class=\"path\">{}</span> "
      "<span class=\"outcome {}\">{}</span>",
      xml_escape(path.id), xml_escape(describe_path(path)), outcome, outcome);
  if (path.observed && !path.observed->passed) {
    html += fmt::format(" <span class=\"code\">{}</span>", verdict_code(*path.observed));
  }
  return html + "</summary>\n";
}

std::string verdict_html(const Verdict& observed) {
  std::string html = "<dl class=\"finding\">\n";
  if (observed.passed) {
    html += definition_html("verdict", "verdict", "passed");
  } else {
    html += definition_html("code", "code", verdict_code(observed));
    if (observed.code) {
      html += definition_html("meaning", "meaning", xml_escape(info(*observed.code).meaning));
    }
    html += definition_html("side", "refused by", xml_escape(observed.side));
    html += definition_html("stage", "stage", xml_escape(observed.stage));
  }
  html += definition_html("evidence", "evidence", xml_escape(observed.evidence));
  if (!observed.passed && observed.code) {
    html += definition_html("fix", "fix", xml_escape(info(*observed.code).fix));
  }
  return html + "</dl>\n";
}

std::string prediction_html(const PathReport& path) {
  if (path.prediction_disagrees()) {
    return fmt::format("<p class=\"disagreement\">⚠ {}</p>\n",
                       xml_escape(describe_disagreement(path)));
  }
  return fmt::format("<p class=\"predicted\">predicted: {} ({})</p>\n",
                     verdict_code(*path.predicted), xml_escape(path.predicted->evidence));
}

}  // namespace

std::string path_anchor(const ScenarioReport& scenario, const PathReport& path) {
  return fmt::format("path-{}-{}", scenario.id, path.id);
}

std::string path_details_html(const ScenarioReport& scenario, const PathReport& path) {
  std::string outcome(to_string(path.outcome));
  bool open = path.outcome != PathOutcome::pass || path.prediction_disagrees();
  std::string html = fmt::format("<details class=\"path {}\" id=\"{}\"{}>\n", outcome,
                                 xml_escape(path_anchor(scenario, path)), open ? " open" : "");
  html += summary_html(path);
  html += fmt::format("<p class=\"reason\">{}</p>\n", xml_escape(path.reason));
  if (path.observed) {
    html += verdict_html(*path.observed);
  }
  if (path.predicted) {
    html += prediction_html(path);
  }
  if (path.edge_end || path.partner_end) {
    html += "<div class=\"ends\">\n";
    if (path.edge_end) {
      html += end_report_html("the Edge", *path.edge_end);
    }
    if (path.partner_end) {
      html += end_report_html("the partner", *path.partner_end);
    }
    html += "</div>\n";
  }
  return html + "</details>\n";
}

}  // namespace fedharness
