#pragma once

#include <vector>

#include "scenario/path_result.hpp"
#include "scenario/scenario.hpp"

namespace fedharness {

/// A real Edge given as a pool of servers (behind DNS or hardware load
/// balancing every member must present the same certificate and chain; the
/// A/V authentication service needs it too): each inbound path runs against
/// every member, as id "PATH@HOST:PORT" for the further members.
void add_pool_member_paths(Scenario& scenario);

/// After the paths ran: a member's path whose Edge presented another chain
/// than the same path on the pool's first server fails with
/// POOL_CERT_MISMATCH, whatever its own handshake did (that stays in the
/// evidence), and is judged again.
void check_pool_consistency(const Scenario& scenario, std::vector<PathResult>& results);

}  // namespace fedharness
