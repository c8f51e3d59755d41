#pragma once

#include <memory>
#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/dane.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"
#include "xmpp/dialback.hpp"
#include "xmpp/iq_answers.hpp"

namespace fedharness::xmpp {

/// A receiving server's question to the originating domain's authoritative
/// server (XEP-0220 §2.3): is `key` the one it issued for stream `stream_id`?
struct DialbackQuestion {
  std::string stream_id;
  std::string key;
};

/// A message to carry once authenticated (RFC 6121 §5.2), for end-to-end
/// message paths: from a user of our domain to a user of the receiver's.
struct OutgoingMessage {
  std::string from;
  std::string to;
  std::string body;
};

/// One server-to-server stream from the initiating side.
struct InitiatorConfig {
  net::tcp::endpoint target;
  std::string from_domain;  // the domain we speak for (stream `from`, SASL authzid)
  std::string to_domain;    // the domain we connect to (stream `to`, SNI, name check)
  std::shared_ptr<net::asio::ssl::context> tls;
  const TrustStore* trust = nullptr;  // what `tls` verifies with
  const Policy* policy = nullptr;     // how we verify the receiving server
  net::Deadlines deadlines;
  bool direct_tls = false;  // XEP-0368: TLS from the first byte, no STARTTLS
  // Our dialback keys, when the policy lets us authenticate by dialback.
  std::shared_ptr<const DialbackSecret> dialback_secret;
  // Set for a dialback verification connection: the stream asks this
  // question instead of authenticating, and judges no certificate.
  std::optional<DialbackQuestion> question;
  std::optional<OutgoingMessage> message;  // sent before the ping
  // Where our receiving side leaves answers that come back over the peer's
  // own stream to us: with it, a receiver that offers no bidi (XEP-0288) is
  // waited for there; without it, only this stream is read.
  IqAnswers* answers = nullptr;
  Transcript* transcript = nullptr;  // where this end's exchange is recorded, if anywhere
  // The server's validated TLSA records, when DNS published some: checked
  // when the policy says dane (null: no DANE for this connection).
  const net::DaneRecords* dane = nullptr;
};

/// RFC 6120 as an initiating server runs it: stream header (jabber:server,
/// from, to), STARTTLS (§5), TLS presenting our certificate with SNI = the
/// target domain, stream restart, SASL EXTERNAL (§6, XEP-0178) when offered
/// and then a stream restart, else dialback (XEP-0220) when both sides allow
/// it, then the `message` if any and one IQ ping (XEP-0199) that must be
/// answered. A path passes only when the ping comes back. With a `question`, the secured stream
/// carries one <db:verify/> instead and passes when the answer is "valid". With `direct_tls`, TLS
/// (ALPN xmpp-server, SNI) comes first and the stream starts inside it (XEP-0368).
net::asio::awaitable<net::ConnectionOutcome> initiate_stream(InitiatorConfig config);

}  // namespace fedharness::xmpp
