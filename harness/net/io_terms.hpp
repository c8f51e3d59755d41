#pragma once

#include <chrono>

#include "transcript/transcript.hpp"

namespace fedharness::net {

/// How a connection's application data is read and written: each read or
/// write under `deadline`, and recorded in `transcript` when there is one.
struct IoTerms {
  std::chrono::milliseconds deadline;
  Transcript* transcript = nullptr;
};

}  // namespace fedharness::net
