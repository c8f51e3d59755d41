#pragma once

#include <boost/json/value.hpp>
#include <ostream>

#include "dns/discovery.hpp"

namespace fedharness {

/// {"domain", "records": [{"type", "name", "target", "port", "priority",
/// "weight", "direct_tls", "addresses"}], "findings": [{"code", "severity",
/// "evidence", "fix"}]}: a probe's discovery as --format json gives it.
boost::json::value discovery_to_json(const dns::Discovery& discovery);

/// The same for a person: a line per record, then a line per finding with
/// its fix.
void print_discovery_text(std::ostream& out, const dns::Discovery& discovery);

}  // namespace fedharness
