#include "report/run_json.hpp"

#include <boost/json.hpp>

#include "report/run_summary.hpp"

namespace fedharness {
namespace {

namespace json = boost::json;

json::value verdict_to_json(const Verdict& verdict) {
  json::object object{{"result", verdict.passed ? "pass" : "fail"}};
  if (!verdict.passed) {
    object["code"] = verdict.code ? json::value(to_string(*verdict.code)) : json::value(nullptr);
    object["side"] = verdict.side;
    object["stage"] = verdict.stage;
    object["fix"] = verdict.code ? json::value(info(*verdict.code).fix) : json::value(nullptr);
  }
  object["evidence"] = verdict.evidence;
  return object;
}

}  // namespace

json::value path_to_json(const PathResult& result) {
  const PathSpec& path = *result.spec;
  json::object object{
      {"id", path.id},
      {"protocol", to_string(path.protocol)},
      {"direction", to_string(path.direction)},
      {"edge_domain", path.edge_domain},
      {"partner", path.partner},
      {"policy", path.policy.name},
      {"expect", path.expect.expects_pass()
                     ? json::value("pass")
                     : json::value(json::object{{"fail", to_string(*path.expect.failure)}})},
      {"outcome", to_string(result.outcome)},
      {"reason", result.reason},
  };
  bool ran = result.outcome != PathOutcome::skipped && result.outcome != PathOutcome::error;
  object["observed"] = ran ? verdict_to_json(result.observed) : json::value(nullptr);
  object["predicted"] =
      result.predicted ? verdict_to_json(*result.predicted) : json::value(nullptr);
  object["prediction_agrees"] =
      result.predicted ? json::value(!result.prediction_disagrees()) : json::value(nullptr);
  return object;
}

json::value run_to_json(const std::vector<ScenarioResult>& results) {
  json::array scenarios;
  for (const auto& scenario : results) {
    json::array paths;
    for (const auto& path : scenario.paths) {
      paths.push_back(path_to_json(path));
    }
    scenarios.push_back(json::object{{"file", scenario.scenario->file.string()},
                                     {"id", scenario.scenario->id},
                                     {"name", scenario.scenario->name},
                                     {"paths", std::move(paths)}});
  }
  RunSummary summary = summarize(results);
  return json::object{
      {"scenarios", std::move(scenarios)},
      {"summary", json::object{{"passed", summary.passed},
                               {"failed", summary.failed},
                               {"skipped", summary.skipped},
                               {"prediction_disagreements", summary.prediction_disagreements}}}};
}

}  // namespace fedharness
