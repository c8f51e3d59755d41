#pragma once

#include <memory>
#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/tls_observation.hpp"
#include "verify/finding_code.hpp"

namespace fedharness::net {

/// Which end refused: this one (its own verifier or policy) or the other one
/// (learnt from an alert, a stream error, a response or a close).
enum class Side { local, remote };

/// How one end's part of a path ended.
struct ConnectionOutcome {
  bool passed = false;
  std::optional<FindingCode> code;  // set when it did not pass
  Side side = Side::local;
  std::string stage;     // "connect", "handshake", "sip request", "sip response"
  std::string evidence;  // the OpenSSL error, alert, SIP status, ... in words
  TlsObservation tls;
  unsigned short local_port = 0;  // the initiator's port, once connected
  // False for a connection that served no path of its own: an XMPP dialback
  // verification connection (XEP-0220 §2.3) made on some path's behalf.
  bool for_path = true;
  // XMPP: the condition of the stream error received (RFC 6120 §4.9.3), if
  // one ended the stream: how Prosody refuses, where others send an alert.
  std::string stream_error_received;
  // What this end recorded, when transcripts are kept (--transcript).
  std::shared_ptr<const Transcript> transcript;
};

std::string_view to_string(Side side);

/// The outcome of `connection` with the texts that carry a peer's bytes (its
/// evidence and the stream error condition) made safe to write anywhere:
/// valid UTF-8 with control bytes escaped (displayable), whatever the peer
/// sent. Every protocol role hands its outcome over through this.
asio::awaitable<ConnectionOutcome> printable(asio::awaitable<ConnectionOutcome> connection);

}  // namespace fedharness::net
