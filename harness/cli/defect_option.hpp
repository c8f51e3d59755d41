#pragma once

#include <string>
#include <vector>

#include "pki/defect.hpp"

namespace fedharness::cli {

/// --defect NAME...: the defects to issue the lab's Edge certificate with.
/// Throws BadInput naming --defect.
DefectSet defect_options(const std::vector<std::string>& given);

}  // namespace fedharness::cli
