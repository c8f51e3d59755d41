#pragma once

#include <string>

#include "verify/finding_code.hpp"

namespace fedharness {

/// One verdict with its evidence. The meaning and the fix come from the code
/// (info(code)); the evidence says what exactly was seen in this case.
struct Finding {
  FindingCode code;
  std::string evidence;
  // A code that is an error where the topology demands it, found where it
  // does not: a warning of what partners beyond the topology will do.
  bool as_warning = false;

  Severity severity() const { return as_warning ? Severity::warning : info(code).severity; }
};

}  // namespace fedharness
