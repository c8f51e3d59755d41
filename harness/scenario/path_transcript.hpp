#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "scenario/path_result.hpp"

namespace fedharness {

/// A path's transcript file (run --transcript): which path it is and how it
/// ended, then what both of its ends recorded, the Edge's and the
/// partner's, in one time line in seconds from `started`, the path's start.
std::string path_transcript(std::string_view scenario_id, const PathResult& result,
                            std::chrono::steady_clock::time_point started);

}  // namespace fedharness
