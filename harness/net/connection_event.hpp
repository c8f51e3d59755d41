#pragma once

#include <functional>
#include <optional>
#include <string>

#include "net/outcome.hpp"
#include "verify/finding_code.hpp"

namespace fedharness::net {

/// A verdict reached while a connection goes on: the handshake's, then each
/// request's or stream step's. Real servers keep federation connections open
/// for minutes (Kamailio's TLS idle timeout, XMPP streams for as long as
/// they are used), so `fedharness edge` tells each one when it is reached
/// rather than when the connection closes.
struct ConnectionEvent {
  std::string exchange;  // "handshake", "request", "sasl", "dialback", "stanza"
  bool passed = false;
  std::optional<FindingCode> code;  // why it did not pass, when a finding says
  Side side = Side::local;          // who refused: this end (local) or the peer
  std::string evidence;             // in words; a peer's bytes in it are not yet escaped
};

/// Where an accepting end tells its events, on its own thread; empty: nowhere.
using ConnectionEvents = std::function<void(const ConnectionEvent&)>;

/// The handshake passed: the protocol version, the cipher and the
/// certificate the peer presented.
ConnectionEvent handshake_passed(const TlsObservation& observation);

/// `exchange` ended the connection as `outcome` says.
ConnectionEvent event_of(std::string exchange, const ConnectionOutcome& outcome);

}  // namespace fedharness::net
