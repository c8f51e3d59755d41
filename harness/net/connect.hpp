#pragma once

#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/stage_clock.hpp"
#include "verify/finding_code.hpp"

namespace fedharness::net {

/// Why a TCP connection was not made: TIMEOUT or CONNECT_FAILED, and the
/// address and the system's reason as evidence.
struct ConnectFailure {
  FindingCode code;
  std::string evidence;
};

/// "127.0.0.1:5061", "[::1]:5061": an endpoint as evidence and names show it.
std::string endpoint_text(const tcp::endpoint& endpoint);

/// The connect stage of every initiating role: TCP to `target` within the
/// stage's budget (begun on `clock`), with TCP_NODELAY so that a request is
/// not held back for a delayed ACK (about 40 ms on Linux).
asio::awaitable<std::optional<ConnectFailure>> connect_within(beast::tcp_stream& stream,
                                                              const tcp::endpoint& target,
                                                              StageClock& clock);

}  // namespace fedharness::net
