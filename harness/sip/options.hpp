#pragma once

#include <string>
#include <string_view>

#include "sip/message.hpp"

namespace fedharness::sip {

/// An OPTIONS request from a user of `from_domain` to `to_domain` (RFC 3261
/// §11), as a federating server sends it to probe a partner: Request-URI and
/// To name the domain, From the sender's domain.
Message make_options(std::string_view from_domain, std::string_view to_domain,
                     std::string_view via_address);

/// The response to `request` (RFC 3261 §8.2.6): Via, From, Call-ID and CSeq
/// copied, a tag added to To. `warning` becomes a Warning header (§20.43).
Message make_response(const Message& request, int status, std::string_view reason,
                      std::string_view warning = {});

}  // namespace fedharness::sip
