#pragma once

#include <boost/json/value.hpp>

#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness {

/// {"certificate": {...}, "chain": [...], "requirements": [...],
///  "findings": [{"code", "severity", "requirement", "evidence", "meaning", "fix"}],
///  "errors": N, "warnings": N}
boost::json::value certificate_check_to_json(const Topology& topology,
                                             const CertificateCheckReport& report);

boost::json::value certificate_info_to_json(const CertificateInfo& info);

}  // namespace fedharness
