#pragma once

#include <random>
#include <span>
#include <vector>

#include "dns/rdata.hpp"

namespace fedharness::dns {

/// The order a client tries SRV records in (RFC 2782, "Usage rules"), as
/// indices into `records`: lowest priority first; within a priority, a
/// weighted random choice, with records of weight 0 first in the running
/// sum so that they are chosen rarely. `random` makes it repeatable in tests.
std::vector<size_t> srv_order(std::span<const SrvRecord> records, std::mt19937& random);

}  // namespace fedharness::dns
