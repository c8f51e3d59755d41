#pragma once

#include <boost/json/value.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "scenario/partner_matrix.hpp"

namespace fedharness {

/// "pass", "fail EKU_CLIENT_MISSING", or "n/a" when there is no verdict.
std::string partner_verdict_text(const PartnerDirection& direction);

/// [{"policy", "description", "protocol", "inbound": {"result", "code",
/// "evidence", "predicted"}, "outbound": {...}}]
boost::json::value partner_matrix_to_json(const std::vector<PartnerRow>& rows);

/// One table: policy, protocol, then each direction's result and code, with
/// the prediction where it disagrees; the evidence of each refusal below.
void print_partner_matrix_text(std::ostream& out, const std::vector<PartnerRow>& rows);

}  // namespace fedharness
