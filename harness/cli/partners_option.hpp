#pragma once

#include <string>
#include <vector>

#include "verify/policy.hpp"

namespace fedharness::cli {

/// --partners all|POLICY,...: the built-in policies, or those named (a name
/// or a policy file). Throws BadInput naming --partners.
std::vector<Policy> partner_policies(const std::string& list);

}  // namespace fedharness::cli
