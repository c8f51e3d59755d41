#include "report/run_junit.hpp"

#include <expat.h>

#include <catch2/catch.hpp>

#include "report/xml_escape.hpp"

using namespace fedharness;

namespace {

// Whether expat, a conforming XML 1.0 parser, takes the document.
bool well_formed(const std::string& xml) {
  XML_Parser parser = XML_ParserCreate(nullptr);
  bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(parser);
  return ok;
}

PathReport path(std::string id, PathOutcome outcome) {
  PathReport report;
  report.id = std::move(id);
  report.edge_domain = "contoso.com";
  report.partner = "aol.com";
  report.outcome = outcome;
  report.reason = "why";
  report.duration_seconds = 0.25;
  if (outcome != PathOutcome::skipped && outcome != PathOutcome::error) {
    report.observed =
        Verdict{outcome == PathOutcome::pass || outcome == PathOutcome::unexpected_pass,
                std::nullopt, "", "done", "OPTIONS 200 OK"};
  }
  return report;
}

}  // namespace

TEST_CASE("XML escaping leaves nothing XML 1.0 cannot carry", "[report]") {
  CHECK(xml_escape(R"(<a href="x">'&'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  CHECK(xml_escape("line\none\ttab\rcr") == "line&#10;one&#9;tab&#13;cr");
  CHECK(xml_escape(std::string("nul\0bel\x07", 8)) == "nul\\x00bel\\x07");
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");  // kept as is
  CHECK(xml_escape("\xff|\xC0\xAF|\xED\xA0\x80|\xEF\xBF\xBE") ==
        "\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD");
  std::string hostile;
  for (int c = 0; c < 256; ++c) {
    hostile += static_cast<char>(c);
  }
  CHECK(well_formed("<a b=\"" + xml_escape(hostile) + "\">" + xml_escape(hostile) + "</a>"));
}

TEST_CASE("JUnit XML: a testsuite per scenario, a testcase per path", "[report]") {
  PathReport failed = path("aol-outbound", PathOutcome::fail);
  failed.observed = Verdict{false, FindingCode::eku_client_missing, "partner", "handshake",
                            "error 26\nat depth 0 <leaf> \x01"};
  PathReport expected = path("expired", PathOutcome::expected_fail);
  expected.observed = Verdict{false, FindingCode::cert_expired, "partner", "handshake", "error 10"};
  RunReport report;
  report.run.duration_seconds = 2;
  report.scenarios.push_back(
      {"aol",
       "AOL & friends",
       "aol.yaml",
       {},
       {},
       {path("good", PathOutcome::pass), failed, expected, path("later", PathOutcome::skipped),
        path("broke", PathOutcome::error), path("surprise", PathOutcome::unexpected_pass)}});
  report.scenarios.push_back({"empty-shard", "", "e.yaml", {}, {}, {}});
  std::string xml = run_report_to_junit(report);
  CHECK(well_formed(xml));

  auto has = [&](const std::string& text) {
    INFO(xml);
    CHECK(xml.find(text) != std::string::npos);
  };
  has(R"(<testsuites name="fedharness" tests="6" failures="2" errors="1" skipped="1" time="2.000">)");
  has(R"(<testsuite name="AOL &amp; friends" tests="6" failures="2" errors="1" skipped="1" time="1.500">)");
  has(R"(<testcase classname="aol" name="good: sip inbound contoso.com &lt;- aol.com" file="aol.yaml" time="0.250"/>)");
  has(R"(<failure message="EKU_CLIENT_MISSING: error 26 at depth 0 &lt;leaf&gt; \x01" type="EKU_CLIENT_MISSING">)");
  has("fix: ");
  has("side: partner&#10;stage: handshake&#10;");
  has("<system-out>why&#10;code: CERT_EXPIRED");
  has(R"(<skipped message="why"/>)");
  has(R"(<error message="why" type="error">why</error>)");
  has(R"(<failure message="why" type="UNEXPECTED_PASS">)");
  has(R"(<testsuite name="empty-shard" tests="0" failures="0" errors="0" skipped="0" time="0.000">)");
}
