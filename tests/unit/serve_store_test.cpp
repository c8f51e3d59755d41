// The history `fedharness serve` keeps (serve/run_store.hpp) and what the
// dashboard reads from it (serve/path_history.hpp).
#include <catch2/catch.hpp>

#include "report/run_json.hpp"
#include "serve/path_history.hpp"
#include "serve/run_store.hpp"
#include "test_support.hpp"
#include "util/deflate.hpp"

using namespace fedharness;
using namespace fedharness::serve;

namespace {

PathReport path_with(std::string id, PathOutcome outcome, std::optional<FindingCode> code) {
  PathReport path;
  path.id = std::move(id);
  path.outcome = outcome;
  path.observed = Verdict{!code.has_value(), code, "partner", "handshake", "evidence"};
  return path;
}

RunReport report_with(std::vector<PathReport> paths) {
  RunReport report;
  report.run.fedharness_version = "0.1.0";
  report.run.started_at = "2026-12-05T06:00:00Z";
  report.run.duration_seconds = 1.5;
  ScenarioReport scenario;
  scenario.id = "aol";
  scenario.paths = std::move(paths);
  report.scenarios.push_back(std::move(scenario));
  return report;
}

int64_t store_run(RunStore& store, const RunReport& report, std::string inputs = "same") {
  int64_t id = store.begin_run(RunTrigger::schedule, report.run.started_at);
  store.finish_run(id, report, serialize_run_report(report), {{"aol", inputs}});
  return id;
}

RunReport passing() {
  return report_with({path_with("outbound", PathOutcome::pass, std::nullopt)});
}

RunReport failing() {
  return report_with({path_with("outbound", PathOutcome::fail, FindingCode::eku_client_missing)});
}

}  // namespace

TEST_CASE("a stored run comes back with its document, status and counts", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  int64_t passed = store_run(store, passing());
  int64_t failed = store_run(store, failing());
  CHECK(store.run(passed)->status == RunStatus::passed);
  CHECK(store.run(failed)->status == RunStatus::failed);
  CHECK(store.run(failed)->paths_met == 0);
  CHECK(store.run(failed)->paths_total == 1);
  CHECK(*store.document(failed) == serialize_run_report(failing()));
  CHECK(store.latest_reported_run() == failed);
  CHECK(store.runs(0, 10).front().id == failed);  // newest first
  CHECK(store.runs(1, 10).front().id == passed);
  CHECK(store.run_count() == 2);
  CHECK_FALSE(store.run(failed + 1).has_value());
  CHECK_FALSE(store.document(failed + 1).has_value());
}

TEST_CASE("the history survives the process, and a run it left is marked unfinished", "[serve]") {
  test::TemporaryFolder state;
  int64_t finished = 0;
  int64_t interrupted = 0;
  {
    RunStore store(state.path());
    finished = store_run(store, passing());
    interrupted = store.begin_run(RunTrigger::request, "2026-12-05T06:01:00Z");
  }  // the process ends, or crashes, here
  RunStore reopened(state.path());
  CHECK(reopened.mark_interrupted_runs() == 1);
  CHECK(reopened.run(interrupted)->status == RunStatus::unfinished);
  CHECK(*reopened.document(finished) == serialize_run_report(passing()));
  CHECK(reopened.runs_total().at("unfinished") == 1);
  CHECK(reopened.runs_total().at("passed") == 1);
  CHECK(reopened.mark_interrupted_runs() == 0);
}

TEST_CASE("a run that could not run is an error with its reason", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  int64_t id = store.begin_run(RunTrigger::schedule, "2026-12-05T06:00:00Z");
  store.fail_run(id, "2026-12-05T06:00:01Z", "scenarios/x.yaml:3: paths: missing");
  CHECK(store.run(id)->status == RunStatus::error);
  CHECK(store.run(id)->error == "scenarios/x.yaml:3: paths: missing");
  CHECK_FALSE(store.document(id).has_value());
  CHECK_FALSE(store.latest_reported_run().has_value());
}

TEST_CASE("retention deletes the oldest runs but never the newest report nor the counts",
          "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  for (int i = 0; i < 5; ++i) {
    store_run(store, passing());
  }
  int64_t newest = store_run(store, failing());
  int64_t error = store.begin_run(RunTrigger::schedule, "2026-12-05T06:00:00Z");
  store.fail_run(error, "2026-12-05T06:00:01Z", "broken");
  auto now = std::chrono::system_clock::now();
  CHECK(store.apply_retention({.max_runs = 3}, now) == 4);
  CHECK(store.run_count() == 3);
  CHECK(store.latest_reported_run() == newest);
  CHECK(store.runs_total().at("passed") == 5);
  // Every run started in 2026-12-05T06:00Z, far older than a day from now
  // on: the age limit leaves only the newest report.
  CHECK(store.apply_retention({.max_age = std::chrono::hours(24)},
                              now + std::chrono::hours(24 * 365)) == 2);
  CHECK(store.run_count() == 1);
  CHECK(store.latest_reported_run() == newest);
}

TEST_CASE("a database of a newer schema is refused, not read", "[serve]") {
  test::TemporaryFolder state;
  { RunStore store(state.path()); }
  {
    SqliteDatabase database(state.path() / "fedharness.sqlite3");
    database.execute("PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH(RunStore(state.path()), Catch::Contains("newer fedharness"));
}

TEST_CASE("a path whose verdict changes while its inputs do not is flaky", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  store_run(store, passing());
  store_run(store, failing());
  store_run(store, passing());
  auto histories = path_histories(store.recent_verdicts(10));
  const PathHistory& history = histories.at({"aol", "outbound"});
  CHECK(history.runs.size() == 3);
  CHECK(history.runs.front().run_id == 3);  // newest first
  CHECK(history.flaky);
}

TEST_CASE("a verdict that changed with its inputs is a change, not flakiness", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  store_run(store, passing(), "scenario v1");
  store_run(store, failing(), "scenario v2");
  store_run(store, failing(), "scenario v2");
  auto histories = path_histories(store.recent_verdicts(10));
  CHECK_FALSE(histories.at({"aol", "outbound"}).flaky);
}

TEST_CASE("what changed since the previous run lists breaks first", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  RunReport before = report_with({path_with("a", PathOutcome::pass, std::nullopt),
                                  path_with("b", PathOutcome::fail, FindingCode::chain_untrusted)});
  RunReport after = report_with({path_with("a", PathOutcome::fail, FindingCode::eku_client_missing),
                                 path_with("b", PathOutcome::pass, std::nullopt),
                                 path_with("c", PathOutcome::pass, std::nullopt)});
  store_run(store, before);
  store_run(store, after);
  std::vector<VerdictChange> changes = verdict_changes(path_histories(store.recent_verdicts(10)));
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].path.second == "a");
  CHECK(changes[0].before == "pass");
  CHECK(changes[0].after == "fail EKU_CLIENT_MISSING");
  CHECK_FALSE(changes[0].met_after);
  CHECK(changes[1].path.second == "b");
  CHECK(changes[1].before == "fail CHAIN_UNTRUSTED");
  CHECK(changes[2].path.second == "c");
  CHECK(changes[2].before == "new");
}

TEST_CASE("a first run has changed nothing", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  store_run(store, failing());
  CHECK(verdict_changes(path_histories(store.recent_verdicts(10))).empty());
}

TEST_CASE("a stored document is kept compressed and comes back whole", "[serve]") {
  std::string text = serialize_run_report(failing());
  std::string compressed = deflate_text(text);
  CHECK(compressed.size() < text.size());
  CHECK(inflate_text(compressed, text.size()) == text);
  CHECK_THROWS_WITH(inflate_text(compressed, text.size() + 1), Catch::Contains("damaged"));
  CHECK_THROWS_WITH(inflate_text("not zlib", text.size()), Catch::Contains("damaged"));
}

TEST_CASE("the certificates seen are kept with the runs that saw them", "[serve]") {
  test::TemporaryFolder state;
  RunStore store(state.path());
  RunReport report = passing();
  CertificateSummary edge;
  edge.subject = "CN=sip.contoso.com";
  edge.sha1_thumbprint = "63BC";
  edge.not_after = "2027-06-03T05:55:17Z";
  report.scenarios[0].paths[0].partner_end = EndReport{};
  report.scenarios[0].paths[0].partner_end->tls.peer_chain = {edge};
  store_run(store, report);
  store_run(store, report);
  std::vector<SeenCertificate> seen = store.certificates();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].role == "edge");
  CHECK(seen[0].subject == "CN=sip.contoso.com");
  CHECK(seen[0].first_run == 1);
  CHECK(seen[0].last_run == 2);
}
