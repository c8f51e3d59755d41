#pragma once

#include <string_view>

namespace fedharness::xmpp {

/// Whether `condition` is one of the stream error conditions RFC 6120
/// §4.9.3 defines ("not-authorized", "policy-violation", ...).
bool is_stream_error_condition(std::string_view condition);

}  // namespace fedharness::xmpp
