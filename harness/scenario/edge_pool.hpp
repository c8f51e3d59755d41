#pragma once

#include <vector>

#include "scenario/path_result.hpp"

namespace fedharness {

/// After the paths ran against every member of a real Edge (a pool, or
/// every target its DNS publishes; edge_location.hpp): behind DNS or
/// hardware load balancing every member must present the same certificate
/// and chain (the A/V authentication service needs it too). A member's path
/// whose Edge presented another chain than the same path's first member
/// fails with POOL_CERT_MISMATCH, whatever its own handshake did (that stays
/// in the evidence), and is judged again.
void check_pool_consistency(std::vector<PathResult>& results);

}  // namespace fedharness
