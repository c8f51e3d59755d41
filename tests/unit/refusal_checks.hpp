#pragma once

#include <catch2/catch.hpp>

#include "net/outcome.hpp"

namespace fedharness::test {

/// Checks that one end of a connection refused with `code`, by its own
/// verifier (local) or learnt from the other end (remote).
inline void check_refusal(const net::ConnectionOutcome& outcome, FindingCode code, net::Side side) {
  CAPTURE(outcome.stage, outcome.evidence);
  CHECK_FALSE(outcome.passed);
  REQUIRE(outcome.code.has_value());
  CHECK(to_string(*outcome.code) == to_string(code));
  CHECK(to_string(outcome.side) == to_string(side));
}

}  // namespace fedharness::test
