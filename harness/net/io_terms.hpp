#pragma once

#include "net/stage_clock.hpp"
#include "transcript/transcript.hpp"

namespace fedharness::net {

/// How a connection's application data is read and written: each read or
/// write by the deadline of the stage `clock` is in, counted there as the
/// peer's traffic, and recorded in `transcript` when there is one.
struct IoTerms {
  StageClock& clock;
  Transcript* transcript = nullptr;
};

}  // namespace fedharness::net
