#pragma once

#include <string>

#include "verify/finding_code.hpp"

namespace fedharness {

/// One verdict with its evidence. The meaning and the fix come from the code
/// (info(code)); the evidence says what exactly was seen in this case.
struct Finding {
  FindingCode code;
  std::string evidence;

  Severity severity() const { return info(code).severity; }
};

}  // namespace fedharness
