#pragma once

#include "scenario/environment.hpp"
#include "scenario/path_result.hpp"

namespace fedharness {

/// What a SIP path should do, from the certificates and the two policies
/// alone, checked in the order the handshake checks them: the TLS versions
/// meet, the client verifies the server's chain, purpose and name, then the
/// server demands and verifies the client's chain and purpose, and after the
/// handshake checks the name against the request's From domain. Chain and
/// purpose verdicts come from OpenSSL's X509_verify_cert, as in the handshake.
Verdict predict_sip_path(const PathSpec& path, const Policy& edge_policy,
                         const ScenarioEnvironment& environment);

}  // namespace fedharness
