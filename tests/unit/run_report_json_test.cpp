#include <stdlib.h>
#include <time.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "pki/certificate_info.hpp"
#include "report/run_json.hpp"
#include "report/run_json_reader.hpp"
#include "report/run_report_builder.hpp"
#include "test_support.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;

namespace {

// A report with every kind of member filled in: both ends with what TLS
// showed them, a real certificate in a chain, a skipped path, a real Edge.
RunReport full_report() {
  test::SeedLab lab({"no-client-eku"}, "aol.com");
  PathSpec spec;
  spec.id = "aol-outbound";
  spec.index = 3;
  spec.direction = Direction::outbound;
  spec.edge_domain = "contoso.com";
  spec.partner = "aol.com";
  spec.policy.name = "aol";
  spec.expect = {FindingCode::eku_client_missing};

  net::ConnectionOutcome partner{false, FindingCode::eku_client_missing, net::Side::local,
                                 "handshake",
                                 "error 26 (unsuitable certificate purpose) at depth 0"};
  partner.tls.verify_failures.push_back({26, 0, share(lab.pki.edge.certificate.get())});
  partner.tls.alert_sent = net::Alert{43};
  partner.tls.presented_certificate = true;
  partner.tls.peer_chain.push_back(share(lab.pki.edge.certificate.get()));
  partner.tls.peer_chain.push_back(share(lab.pki.intermediate.certificate.get()));
  net::ConnectionOutcome edge{false, FindingCode::eku_client_missing, net::Side::remote,
                              "handshake", "alert 43 unsupported_certificate"};
  edge.tls.alert_received = net::Alert{43};

  PathResult result{.spec = &spec};
  result.edge_end = std::move(edge);
  result.partner_end = std::move(partner);
  result.observed = observe_path(result.edge_end, result.partner_end);
  result.predicted = Verdict{false, FindingCode::eku_client_missing, "partner", "handshake",
                             "the Edge certificate has no clientAuth EKU"};
  result.elapsed = std::chrono::milliseconds(12);
  judge(result);

  PathSpec skipped_spec = spec;
  skipped_spec.id = "skipped";
  skipped_spec.index = 0;
  skipped_spec.expect = {};
  PathResult skipped{.spec = &skipped_spec, .outcome = PathOutcome::skipped, .reason = "no"};

  ScenarioReport scenario{"aol-no-client-eku",
                          "AOL refuses",
                          "scenarios/sip/aol-no-client-eku.yaml",
                          {"scenarios/topologies/contoso.yaml",
                           "sip.contoso.com",
                           {"contoso.com", "fabrikam.com"},
                           {"contoso.com"},
                           {"aol"}},
                          {false, "192.0.2.1", 5061, 5269},
                          {make_path_report(skipped), make_path_report(result)}};
  return {{"0.1.0", "2026-11-25T13:17:05Z", 1.5, Shard{2, 3}, {}}, {std::move(scenario)}};
}

}  // namespace

TEST_CASE("a run document reads back into the same report", "[report]") {
  RunReport report = full_report();
  std::string text = serialize_run_report(report);
  RunReport read = parse_run_report(text, "run.json");
  CHECK(serialize_run_report(read) == text);

  const PathReport& path = read.scenarios.at(0).paths.at(1);
  CHECK(path.index == 3);
  CHECK(path.outcome == PathOutcome::expected_fail);
  CHECK(path.duration_seconds == Approx(0.012));
  REQUIRE(path.partner_end);
  const TlsSummary& tls = path.partner_end->tls;
  REQUIRE(tls.peer_chain.size() == 2);
  CHECK(tls.peer_chain[0].subject.find("sip.contoso.com") != std::string::npos);
  CHECK(tls.peer_chain[0].eku == std::vector<std::string>{"serverAuth"});
  CHECK(tls.peer_chain[0].not_after.ends_with("Z"));
  REQUIRE(tls.verify_failures.size() == 1);
  CHECK(tls.verify_failures[0].message == "unsuitable certificate purpose");
  CHECK(tls.alert_sent->name == "unsupported_certificate");
  CHECK(path.edge_end->side == net::Side::remote);
  CHECK_FALSE(read.scenarios[0].paths[0].observed);
  CHECK(read.run.shard->index == 2);
  CHECK(read.scenarios[0].edge.host == "192.0.2.1");
}

TEST_CASE("the document keeps what run --format json always gave", "[report]") {
  auto document = boost::json::parse(serialize_run_report(full_report())).as_object();
  CHECK(document.at("schema") == "fedharness-run/1");
  auto& path = document.at("scenarios").at(0).at("paths").at(1).as_object();
  CHECK(path.at("expect").at("fail") == "EKU_CLIENT_MISSING");
  CHECK(path.at("observed").at("code") == "EKU_CLIENT_MISSING");
  CHECK(path.at("observed").at("side") == "partner");
  CHECK(path.at("observed").at("fix").as_string().size() > 0);
  CHECK(path.at("prediction_agrees") == true);
  CHECK(document.at("summary").at("passed") == 1);
  CHECK(document.at("summary").at("skipped") == 1);
}

TEST_CASE("evidence that is not UTF-8 still gives a document JSON readers take", "[report]") {
  RunReport report = full_report();
  report.scenarios[0].paths[1].reason = "SIP/2.0 403 \xff\xfe bad \xc3";
  std::string text = serialize_run_report(report);
  RunReport read = parse_run_report(text, "run.json");
  CHECK(read.scenarios[0].paths[1].reason ==
        "SIP/2.0 403 \xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD");
}

TEST_CASE("what is not a run document of this schema is refused, naming where", "[report]") {
  auto refusal = [](const std::string& text) {
    try {
      parse_run_report(text, "a.json");
    } catch (const BadInput& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  CHECK(refusal("{\"scenarios\": [").starts_with("a.json: not JSON (byte "));
  CHECK(refusal("[1, 2]") ==
        "a.json: not a fedharness run document (no \"schema\": \"fedharness-run/1\")");
  CHECK(
      refusal("{\"schema\": \"fedharness-check/1\"}").starts_with("a.json: not a fedharness run"));
  CHECK(refusal("{\"schema\": \"fedharness-run/2\"}") ==
        "a.json: schema fedharness-run/2 is not the fedharness-run/1 this fedharness reads");
  CHECK(refusal("{\"schema\": \"fedharness-run/1\"}") == "a.json: /: no member \"run\"");

  auto document = boost::json::parse(serialize_run_report(full_report()));
  auto& path = document.at("scenarios").at(0).at("paths").at(1).as_object();
  path["outcome"] = "flaky";
  CHECK(refusal(boost::json::serialize(document)) ==
        "a.json: /scenarios/0/paths/1/outcome: unknown value \"flaky\"");
  path["outcome"] = "pass";
  path["observed"].as_object()["code"] = "NO_SUCH_CODE";
  CHECK(refusal(boost::json::serialize(document)) ==
        "a.json: /scenarios/0/paths/1/observed/code: unknown finding code \"NO_SUCH_CODE\" "
        "(written by a newer fedharness?)");
  path["observed"].as_object()["code"] = "EKU_CLIENT_MISSING";
  path["index"] = -1;
  CHECK(refusal(boost::json::serialize(document))
            .starts_with("a.json: /scenarios/0/paths/1/index: expected an integer from 0 to "));
}

TEST_CASE("report times are UTC whatever the local time zone", "[report]") {
  using namespace std::chrono;
  const char* saved = getenv("TZ");
  std::string old_tz = saved ? saved : "";
  setenv("TZ", "EST5EDT", 1);  // a POSIX rule: no tzdata needed
  tzset();
  std::string at = iso8601_utc(sys_days{year{2026} / 11 / 25} + hours{13} + minutes{17} +
                               seconds{5} + milliseconds{900});
  if (saved) {
    setenv("TZ", old_tz.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  CHECK(at == "2026-11-25T13:17:05Z");
}
