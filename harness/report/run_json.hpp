#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "scenario/runner.hpp"

namespace fedharness {

/// {"scenarios":[{"file","id","name","paths":[path...]}],"summary":{...}}
boost::json::value run_to_json(const std::vector<ScenarioResult>& results);

/// {"id","protocol","direction","edge_domain","partner","policy","expect","outcome","reason",
///  "observed":{"result","code","side","stage","evidence","fix"},"predicted":{...}|null}
boost::json::value path_to_json(const PathResult& result);

}  // namespace fedharness
