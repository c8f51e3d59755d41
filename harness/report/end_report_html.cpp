#include "report/end_report_html.hpp"

#include <fmt/core.h>

#include "report/certificate_chain_html.hpp"
#include "report/html_blocks.hpp"
#include "report/offending_field.hpp"
#include "report/xml_escape.hpp"

namespace fedharness {
namespace {

std::string verdict_html(const EndReport& end) {
  if (end.passed) {
    return "<span class=\"verdict pass\">passed</span>";
  }
  std::string code = end.code ? std::string(to_string(*end.code)) : "?";
  return fmt::format("<span class=\"code\">{}</span>, refused by {} at stage {}", code,
                     end.side == net::Side::local ? "this end" : "the other end",
                     xml_escape(end.stage));
}

std::string alert_html(const std::optional<AlertSummary>& alert) {
  return alert ? fmt::format("{} ({})", xml_escape(alert->name), alert->description) : "none";
}

std::string verify_failures_html(const std::vector<VerifyFailureSummary>& failures) {
  if (failures.empty()) {
    return "none";
  }
  std::string html = "<ul class=\"verify-failures\">";
  for (const auto& failure : failures) {
    html += fmt::format("<li>depth {}: {} (error {})", failure.depth, xml_escape(failure.message),
                        failure.error);
    if (!failure.subject.empty()) {
      html += fmt::format(", <span class=\"dn\">{}</span>", xml_escape(failure.subject));
    }
    html += "</li>";
  }
  return html + "</ul>";
}

// The field the end's own refusal is about: a refusal learnt from the other
// end is about a chain this end sent, which it does not hold.
std::optional<OffendingField> own_offending_field(const EndReport& end) {
  if (end.passed || !end.code || end.side != net::Side::local) {
    return std::nullopt;
  }
  return offending_field(*end.code, end.tls);
}

}  // namespace

std::string end_report_html(std::string_view who, const EndReport& end) {
  const TlsSummary& tls = end.tls;
  std::string html =
      fmt::format("<section class=\"end\">\n<h4>What {} saw</h4>\n<dl>\n", xml_escape(who));
  html += definition_html("verdict", "verdict", verdict_html(end));
  if (!end.evidence.empty()) {
    html += definition_html("evidence", "evidence", xml_escape(end.evidence));
  }
  html += definition_html(
      "tls", "TLS",
      tls.version.empty() ? std::string("no handshake completed")
                          : fmt::format("{}, {}", xml_escape(tls.version), xml_escape(tls.cipher)));
  html += definition_html("alert-sent", "alert sent", alert_html(tls.alert_sent));
  html += definition_html("alert-received", "alert received", alert_html(tls.alert_received));
  html += definition_html("verify-failures", "verify failures",
                          verify_failures_html(tls.verify_failures));
  if (!tls.name_failure.empty()) {
    html += definition_html("name-failure", "name check", xml_escape(tls.name_failure));
  }
  html += definition_html("own-certificate", "own certificate",
                          tls.presented_certificate ? "presented" : "none to present");
  html += "</dl>\n";
  if (tls.peer_chain.empty()) {
    html += fmt::format("<p class=\"no-chain\">No certificate was presented to {}.</p>\n",
                        xml_escape(who));
  } else {
    html += fmt::format("<h5>The chain {} was presented</h5>\n", xml_escape(who));
    html += certificate_chain_html(tls.peer_chain, own_offending_field(end));
  }
  return html + "</section>\n";
}

}  // namespace fedharness
