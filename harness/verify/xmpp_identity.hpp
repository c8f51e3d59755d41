#pragma once

#include <string_view>

#include "pki/certificate_info.hpp"
#include "verify/policy.hpp"
#include "verify/sip_identity.hpp"

namespace fedharness {

/// Applies the policy's XMPP name rules to a peer's leaf certificate for
/// `domain`, the domain the peer claims (the initiator's `from`, RFC 6120
/// §13.7.2.1) or the one we connected to.
NameCheck check_xmpp_name(const CertificateInfo& leaf, std::string_view domain,
                          const Policy& policy);

}  // namespace fedharness
