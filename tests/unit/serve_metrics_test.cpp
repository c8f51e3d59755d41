// GET /metrics's text (serve/metrics.hpp) and the bearer token
// (serve/bearer_token.hpp); `promtool check metrics` judges the real
// endpoint's output in tests/cli/serve_test.sh.
#include <catch2/catch.hpp>
#include <fstream>

#include "serve/bearer_token.hpp"
#include "serve/metrics.hpp"
#include "serve/prometheus_text.hpp"
#include "test_support.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;
using namespace fedharness::serve;

TEST_CASE("label values are escaped as the exposition format says", "[serve]") {
  PrometheusText out;
  out.family("x", "gauge", "help with a \\ and a\nline");
  out.sample("x", {{"subject", "CN=\"quoted\"\\back\nline"}}, 0.5);
  out.sample("x", {}, 1812002117);
  CHECK(out.text() ==
        "# HELP x help with a \\\\ and a\\nline\n# TYPE x gauge\n"
        "x{subject=\"CN=\\\"quoted\\\"\\\\back\\nline\"} 0.500000\n"
        "x 1812002117\n");
}

TEST_CASE("metrics name each path, its code and the certificates presented", "[serve]") {
  RunReport report;
  report.run.started_at = "2026-12-05T06:00:00Z";
  report.run.duration_seconds = 2;
  ScenarioReport scenario;
  scenario.id = "aol";
  PathReport path;
  path.id = "outbound";
  path.protocol = Protocol::sip;
  path.direction = Direction::outbound;
  path.partner = "aol.com";
  path.policy = "aol";
  path.outcome = PathOutcome::fail;
  path.observed = Verdict{false, FindingCode::eku_client_missing, "partner", "handshake", ""};
  path.partner_end = EndReport{};
  CertificateSummary edge;
  edge.subject = "CN=sip.contoso.com";
  edge.sha1_thumbprint = "63BC";
  edge.not_after = "2027-06-03T05:55:17Z";
  path.partner_end->tls.peer_chain = {edge, edge};  // the same one twice counts once
  scenario.paths.push_back(path);
  report.scenarios.push_back(scenario);

  std::string text =
      render_metrics({.latest = &report, .runs_total = {{"failed", 3}}, .running = true});
  std::string labels =
      "scenario=\"aol\",path=\"outbound\",protocol=\"sip\",direction=\"outbound\","
      "partner=\"aol.com\",policy=\"aol\"";
  CHECK_THAT(text, Catch::Contains("fedharness_path_ok{" + labels + "} 0\n"));
  CHECK_THAT(text, Catch::Contains("fedharness_path_observed{" + labels +
                                   ",code=\"EKU_CLIENT_MISSING\"} 1\n"));
  // 2027-06-03T05:55:17Z
  CHECK_THAT(text, Catch::Contains("fedharness_certificate_not_after_timestamp_seconds{role="
                                   "\"edge\",subject=\"CN=sip.contoso.com\",sha1=\"63BC\"} "
                                   "1812002117\n"));
  CHECK(text.find("sha1=\"63BC\"") == text.rfind("sha1=\"63BC\""));
  CHECK_THAT(text, Catch::Contains("fedharness_last_run_timestamp_seconds 1796450400\n"));
  CHECK_THAT(text, Catch::Contains("fedharness_runs_total{result=\"failed\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("fedharness_runs_total{result=\"passed\"} 0\n"));
  CHECK_THAT(text, Catch::Contains("fedharness_run_in_progress 1\n"));
}

TEST_CASE("before any report, metrics hold the run counts only", "[serve]") {
  std::string text = render_metrics({});
  CHECK(text.find("fedharness_path_ok") == std::string::npos);
  CHECK_THAT(text, Catch::Contains("fedharness_runs_total{result=\"error\"} 0\n"));
}

TEST_CASE("the bearer token admits its own value only", "[serve]") {
  test::TemporaryFolder folder;
  std::string secret(64, 'a');
  std::ofstream(folder.path() / "token") << secret << "\n";
  BearerToken token = BearerToken::from_file(folder.path() / "token");
  CHECK(token.admits("Bearer " + secret));
  CHECK(token.admits("bearer " + secret));  // the scheme is case-insensitive
  CHECK_FALSE(token.admits("Bearer " + secret + "a"));
  CHECK_FALSE(token.admits("Bearer " + std::string(63, 'a') + "b"));
  CHECK_FALSE(token.admits("Basic " + secret));
  CHECK_FALSE(token.admits(secret));
  CHECK_FALSE(token.admits(""));
}

TEST_CASE("a token too short or with other characters is bad input", "[serve]") {
  test::TemporaryFolder folder;
  std::ofstream(folder.path() / "short") << "secret\n";
  CHECK_THROWS_AS(BearerToken::from_file(folder.path() / "short"), BadInput);
  CHECK_THROWS_WITH(BearerToken::from_file(folder.path() / "short"),
                    Catch::Contains("short") && Catch::Contains("at least 32"));
  std::ofstream(folder.path() / "spaces") << std::string(20, 'a') << " " << std::string(20, 'b');
  CHECK_THROWS_WITH(BearerToken::from_file(folder.path() / "spaces"), Catch::Contains("RFC 6750"));
  CHECK_THROWS_AS(BearerToken::from_file(folder.path() / "absent"), BadInput);
}
