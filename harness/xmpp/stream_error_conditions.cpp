#include "xmpp/stream_error_conditions.hpp"

#include <algorithm>
#include <array>

namespace fedharness::xmpp {

bool is_stream_error_condition(std::string_view condition) {
  // RFC 6120 §4.9.3.1 to §4.9.3.25, in its order.
  static constexpr std::array<std::string_view, 25> kConditions{
      "bad-format",
      "bad-namespace-prefix",
      "conflict",
      "connection-timeout",
      "host-gone",
      "host-unknown",
      "improper-addressing",
      "internal-server-error",
      "invalid-from",
      "invalid-namespace",
      "invalid-xml",
      "not-authorized",
      "not-well-formed",
      "policy-violation",
      "remote-connection-failed",
      "reset",
      "resource-constraint",
      "restricted-xml",
      "see-other-host",
      "system-shutdown",
      "undefined-condition",
      "unsupported-encoding",
      "unsupported-feature",
      "unsupported-stanza-type",
      "unsupported-version",
  };
  return std::ranges::find(kConditions, condition) != kConditions.end();
}

}  // namespace fedharness::xmpp
