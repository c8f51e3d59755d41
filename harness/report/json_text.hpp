#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace fedharness {

/// `value` as JSON text, as boost::json::serialize writes it but for
/// numbers with a fraction, written as plain decimals ("0.021508578", not
/// Boost's "2.1508578E-2") that jq, spreadsheets and people read alike.
/// Every JSON document fedharness prints or writes goes through this.
std::string to_json_text(const boost::json::value& value);

}  // namespace fedharness
