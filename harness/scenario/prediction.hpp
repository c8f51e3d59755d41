#pragma once

#include "scenario/environment.hpp"
#include "scenario/path_result.hpp"

namespace fedharness {

/// What a path should do, from the certificates and the two policies alone,
/// checked in the order the protocol checks them: the TLS versions and a
/// cipher suite meet, the client verifies the server's chain, purpose and
/// name, then the server demands and verifies the client's chain and purpose,
/// and checks its name against the request's From domain (SIP) or the
/// stream's `from` (XMPP, after which SASL EXTERNAL must be on offer). Chain
/// and purpose verdicts come from OpenSSL's X509_verify_cert, as in the
/// handshake, judging validity as of `at`.
Verdict predict_path(const PathSpec& path, const EdgeSpec& edge,
                     const ScenarioEnvironment& environment,
                     std::chrono::system_clock::time_point at);

}  // namespace fedharness
