#pragma once

#include <optional>
#include <string_view>

#include "verify/finding_code.hpp"

namespace fedharness::xmpp {

/// The certificate finding an XMPP server's refusal text names, when it names
/// one. Prosody refuses with a stream error after TLS, ejabberd with a SASL
/// <failure/>; neither sends a TLS alert, so their text is the only evidence
/// of why ("certificate is not valid for this name", "unsupported
/// certificate purpose", ...).
std::optional<FindingCode> finding_for_refusal_text(std::string_view text);

}  // namespace fedharness::xmpp
