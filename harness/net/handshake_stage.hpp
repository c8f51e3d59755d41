#pragma once

#include "net/asio.hpp"
#include "net/stage_clock.hpp"
#include "net/tls_observation.hpp"

namespace fedharness::net {

/// The TLS stage of every role: the handshake within the tls budget (begun
/// on `clock`), and what the peer presented recorded in `observation`,
/// whether the handshake succeeded or not. What the handshake presents and
/// checks (observe(), SNI, ALPN) is set on the stream before.
asio::awaitable<error_code> handshake_within(TlsStream& stream,
                                             asio::ssl::stream_base::handshake_type role,
                                             StageClock& clock, TlsObservation& observation);

}  // namespace fedharness::net
