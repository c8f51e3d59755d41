#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"
#include "verify/policy.hpp"

namespace fedharness::cli {

/// --partners all|POLICY,...: the built-in policies, or those named (a name
/// or a policy file). Throws BadInput naming --partners.
std::vector<Policy> partner_policies(const std::string& list);

/// What the partners trust for the Edge's certificate, as --trust says: that
/// file, or the system trust store when it is not given.
TrustSpec partner_trust(const std::string& trust_option);

/// --partner DOMAIN...: partner domains to issue lab certificates for, in
/// lower case. Throws BadInput naming one that is not a host name.
std::vector<std::string> partner_domains(const std::vector<std::string>& given);

}  // namespace fedharness::cli
