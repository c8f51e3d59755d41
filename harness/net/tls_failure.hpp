#pragma once

#include <string>

#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "net/stage_clock.hpp"
#include "net/tls_context.hpp"

namespace fedharness::net {

/// Turns a failed connect, handshake, read or write into a finding: our own
/// verifier's first failure (we refused), else the alert the other side sent
/// (it refused: side remote), else what the error itself says.
/// `demanded` is the purpose this end demanded of the peer's certificate,
/// `trust` what it verified with; `clock` says which stage failed and, for a
/// timeout, how long it had and what the peer sent meanwhile.
ConnectionOutcome classify_failure(const StageClock& clock, const error_code& error,
                                   TlsObservation observation, TlsRole role, Purpose demanded,
                                   const TrustStore& trust);

/// The finding an alert from the other side stands for. `we_presented`
/// tells a handshake_failure over a missing client certificate (TLS 1.2) from
/// others.
FindingCode finding_for_remote_alert(const Alert& alert, TlsRole our_role, bool we_presented);

}  // namespace fedharness::net
