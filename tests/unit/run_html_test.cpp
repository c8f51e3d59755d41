#include "report/run_html.hpp"

#include <fmt/core.h>
#include <openssl/x509_vfy.h>

#include <catch2/catch.hpp>

#include "report/offending_field.hpp"
#include "report/xml_escape.hpp"

using namespace fedharness;

namespace {

CertificateSummary certificate(std::string subject, std::string issuer,
                               std::optional<std::vector<std::string>> eku) {
  return {std::move(subject), std::move(issuer),      {"sip.contoso.com"},   {}, {}, {},
          std::move(eku),     "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"};
}

// The Edge's chain as AOL is presented it: the leaf without the client EKU
// under an issuing CA that allows any purpose.
std::vector<CertificateSummary> edge_chain() {
  return {certificate("CN=sip.contoso.com", "CN=Lab Issuing CA", {{"serverAuth"}}),
          certificate("CN=Lab Issuing CA", "CN=Lab Root CA", std::nullopt)};
}

TlsSummary refused_tls(int error, int depth) {
  TlsSummary tls;
  tls.version = "TLSv1.3";
  tls.cipher = "TLS_AES_256_GCM_SHA384";
  tls.alert_sent = AlertSummary{43, "unsupported_certificate"};
  tls.verify_failures.push_back({error, "unsupported certificate purpose", depth, "CN=x"});
  tls.presented_certificate = true;
  tls.peer_chain = edge_chain();
  return tls;
}

// The AOL path: the Edge initiates, AOL's verifier refuses the client EKU.
PathReport aol_outbound() {
  PathReport path;
  path.id = "aol-outbound";
  path.direction = Direction::outbound;
  path.edge_domain = "contoso.com";
  path.partner = "aol.com";
  path.policy = "aol";
  path.outcome = PathOutcome::fail;
  path.reason = "expected pass, got EKU_CLIENT_MISSING";
  Verdict refused{false, FindingCode::eku_client_missing, "partner", "handshake",
                  "error 26 at depth 0"};
  path.observed = refused;
  path.predicted = refused;
  path.edge_end = EndReport{false,       FindingCode::eku_client_missing, net::Side::remote,
                            "handshake", "alert unsupported_certificate", {}};
  path.edge_end->tls.alert_received = AlertSummary{43, "unsupported_certificate"};
  path.partner_end = EndReport{
      false,       FindingCode::eku_client_missing, net::Side::local,
      "handshake", "error 26 at depth 0",           refused_tls(X509_V_ERR_INVALID_PURPOSE, 0)};
  return path;
}

PathReport passing(std::string id) {
  PathReport path;
  path.id = std::move(id);
  path.edge_domain = "contoso.com";
  path.partner = "partner.example";
  path.outcome = PathOutcome::pass;
  path.reason = "passed as expected";
  path.observed = Verdict{true, std::nullopt, "", "done", "OPTIONS 200 OK"};
  path.predicted = Verdict{true, std::nullopt, "", "", "the certificates fit both policies"};
  return path;
}

RunReport report_of(std::vector<PathReport> paths) {
  RunReport report;
  report.run.fedharness_version = "0.1.0";
  report.run.started_at = "2026-11-25T13:17:05Z";
  report.scenarios.push_back({"aol",
                              "AOL refuses the Edge",
                              "scenarios/catalogue/aol.yaml",
                              {"scenarios/topologies/contoso.yaml",
                               "sip.contoso.com",
                               {"contoso.com"},
                               {"contoso.com"},
                               {"aol.com"}},
                              {},
                              std::move(paths)});
  return report;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t found = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++found;
  }
  return found;
}

// The part of `html` from `start` to the next `end` after it.
std::string between(const std::string& html, const std::string& start, const std::string& end) {
  size_t from = html.find(start);
  REQUIRE(from != std::string::npos);
  size_t to = html.find(end, from);
  REQUIRE(to != std::string::npos);
  return html.substr(from, to - from);
}

}  // namespace

TEST_CASE("Offending field: derived from the code, at the depth the verifier named", "[report]") {
  TlsSummary tls = refused_tls(X509_V_ERR_INVALID_PURPOSE, 1);
  CHECK(offending_field(FindingCode::eku_client_missing, tls) ==
        OffendingField{CertificateField::eku, 1});
  CHECK(offending_field(FindingCode::name_mismatch, tls) ==
        OffendingField{CertificateField::sans, 0});
  CHECK(offending_field(FindingCode::subject_mismatch, tls) ==
        OffendingField{CertificateField::subject, 0});

  tls.verify_failures = {{X509_V_ERR_CERT_HAS_EXPIRED, "certificate has expired", 1, ""}};
  CHECK(offending_field(FindingCode::cert_expired, tls) ==
        OffendingField{CertificateField::validity, 1});

  SECTION("without a verifier's depth: the leaf, the top's issuer, the first EKU lacking") {
    tls.verify_failures.clear();
    CHECK(offending_field(FindingCode::cert_not_yet_valid, tls) ==
          OffendingField{CertificateField::validity, 0});
    CHECK(offending_field(FindingCode::chain_untrusted, tls) ==
          OffendingField{CertificateField::issuer, 1});
    CHECK(offending_field(FindingCode::eku_client_missing, tls) ==
          OffendingField{CertificateField::eku, 0});
    tls.peer_chain[0].eku.reset();
    tls.peer_chain[1].eku = {"serverAuth"};  // a serverAuth-only issuing CA
    CHECK(offending_field(FindingCode::eku_client_missing, tls) ==
          OffendingField{CertificateField::eku, 1});
    CHECK(offending_field(FindingCode::eku_server_missing, tls) ==
          OffendingField{CertificateField::eku, 0});
  }
  SECTION("a trust anchor above the chain sent is the chain's top") {
    tls.verify_failures = {{X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, "self-signed", 2, ""}};
    CHECK(offending_field(FindingCode::chain_untrusted, tls) ==
          OffendingField{CertificateField::issuer, 1});
  }
  SECTION("no field for codes about no certificate, nor for an empty chain") {
    CHECK_FALSE(offending_field(FindingCode::timeout, tls));
    CHECK_FALSE(offending_field(FindingCode::tls_no_shared_cipher, tls));
    tls.peer_chain.clear();
    CHECK_FALSE(offending_field(FindingCode::eku_client_missing, tls));
  }
}

TEST_CASE("HTML report: the matrix, a failed path's code and fix, the summary", "[report]") {
  std::string html = run_report_to_html(report_of({aol_outbound(), passing("lync-outbound")}));
  INFO(html);

  CHECK(html.starts_with("<!DOCTYPE html>\n"));
  CHECK(html.find("<title>fedharness: 1 passed, 1 failed</title>") != std::string::npos);
  CHECK(html.find("<p class=\"summary unmet\">1 passed, 1 failed</p>") != std::string::npos);
  CHECK(html.find("<td class=\"outcome fail\">fail</td><td class=\"code\">EKU_CLIENT_MISSING</td>"
                  "<td class=\"side\">partner</td>") != std::string::npos);
  CHECK(html.find("<a href=\"#path-aol-aol-outbound\">aol-outbound</a>") != std::string::npos);
  CHECK(html.find("<td class=\"outcome pass\">pass</td>") != std::string::npos);

  std::string failed = between(html, "id=\"path-aol-aol-outbound\" open>", "</details>");
  CHECK(failed.find("<span class=\"code\">EKU_CLIENT_MISSING</span>") != std::string::npos);
  CHECK(failed.find(fmt::format("<dd class=\"fix\">{}</dd>",
                                xml_escape(info(FindingCode::eku_client_missing).fix))) !=
        std::string::npos);
  CHECK(failed.find("unsupported_certificate (43)") != std::string::npos);
  CHECK(failed.find("depth 0: unsupported certificate purpose (error 26)") != std::string::npos);
  // A pass needs no attention: its details start closed.
  CHECK(html.find("id=\"path-aol-lync-outbound\">") != std::string::npos);

  // The first screen says what failed, linked to its details, before any matrix.
  std::string unmet = between(html, "<section class=\"unmet\" id=\"unmet\">", "</section>");
  CHECK(unmet.find("<a href=\"#path-aol-aol-outbound\">") != std::string::npos);
  CHECK(unmet.find("EKU_CLIENT_MISSING") != std::string::npos);
  CHECK(unmet.find("lync-outbound") == std::string::npos);
  CHECK(html.find("id=\"unmet\"") < html.find("<table class=\"matrix\">"));
}

TEST_CASE("HTML report: every path met, and expected failures apart from passes", "[report]") {
  PathReport refused = aol_outbound();
  refused.outcome = PathOutcome::expected_fail;
  std::string html = run_report_to_html(report_of({refused, passing("lync-outbound")}));
  INFO(html);
  CHECK(html.find("<p>Every path met its expectation.</p>") != std::string::npos);
  CHECK(html.find("<tr class=\"expected-fail\">") != std::string::npos);
  CHECK(html.find(".outcome.expected-fail { color: #1c4f8a;") != std::string::npos);
}

TEST_CASE("HTML report: the offending field is marked where the refusing end's verifier says",
          "[report]") {
  PathReport path = aol_outbound();
  std::string html = run_report_to_html(report_of({path}));
  INFO(html);
  // AOL refused, so the chain AOL was presented carries the one mark; the
  // Edge only learnt of it from the alert and holds no chain.
  CHECK(count(html, "⚠ offending") == 1);
  std::string leaf = between(html, "data-depth=\"0\"", "</table>");
  CHECK(leaf.find("<tr class=\"eku offending\"><th>EKU</th><td>serverAuth <mark "
                  "class=\"offending\">⚠ offending</mark></td></tr>") != std::string::npos);
  CHECK(between(html, "data-depth=\"1\"", "</table>")
            .find("<tr class=\"eku\"><th>EKU</th><td><span class=\"none\">absent: any "
                  "purpose</span></td></tr>") != std::string::npos);

  SECTION("the depth a verifier names moves the mark to that certificate") {
    path.partner_end->tls.verify_failures[0].depth = 1;
    html = run_report_to_html(report_of({path}));
    CHECK(between(html, "data-depth=\"1\"", "</table>").find("<tr class=\"eku offending\">") !=
          std::string::npos);
    CHECK(between(html, "data-depth=\"0\"", "</table>").find("offending") == std::string::npos);
  }
  SECTION("a name mismatch marks the leaf's SANs") {
    path.partner_end->code = FindingCode::name_mismatch;
    html = run_report_to_html(report_of({path}));
    CHECK(between(html, "data-depth=\"0\"", "</table>")
              .find("<tr class=\"sans offending\"><th>SANs</th><td><span "
                    "class=\"san-kind\">DNS:</span> sip.contoso.com <mark") != std::string::npos);
  }
}

TEST_CASE("HTML report: every string from the report is escaped", "[report]") {
  const std::string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&\x01\xff";
  const std::string escaped =
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&apos;&amp;"
      "\\x01\xEF\xBF\xBD";
  PathReport path = aol_outbound();
  path.id = hostile;
  path.partner = hostile;
  path.reason = hostile;
  path.observed->evidence = hostile;
  path.observed->side = hostile;
  path.partner_end->evidence = hostile;
  path.partner_end->tls.alert_sent = AlertSummary{43, hostile};
  path.partner_end->tls.verify_failures[0].message = hostile;
  path.partner_end->tls.peer_chain[0].subject = hostile;
  path.partner_end->tls.peer_chain[0].dns_names = {hostile};
  path.partner_end->tls.peer_chain[0].xmpp_addrs = {hostile};
  path.partner_end->tls.peer_chain[0].eku = {{hostile}};
  RunReport report = report_of({path});
  report.scenarios[0].id = hostile;
  report.scenarios[0].name = hostile;
  report.scenarios[0].topology.sip_domains = {hostile};
  report.run.merged_from = {hostile};
  std::string html = run_report_to_html(report);
  INFO(html);

  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find('\xff') == std::string::npos);
  CHECK(count(html, escaped) >= 16);
}

TEST_CASE("HTML report: self-contained, it names no URL and loads nothing", "[report]") {
  std::string html = run_report_to_html(report_of({aol_outbound(), passing("lync-outbound")}));
  INFO(html);
  for (const char* fetch :
       {"http://", "https://", "<script", "<link", "<img", "src=", "url(", "@import", "//"}) {
    CAPTURE(fetch);
    CHECK(html.find(fetch) == std::string::npos);
  }
  CHECK(html.find("<style>") != std::string::npos);
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "style-src 'unsafe-inline'\">") != std::string::npos);
  // The only links are the matrix's, to anchors of the page.
  CHECK(count(html, "href=") == count(html, "href=\"#"));
}
