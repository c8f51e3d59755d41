#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/asio.hpp"
#include "net/connection_event.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"
#include "xmpp/dialback.hpp"
#include "xmpp/iq_answers.hpp"

namespace fedharness::xmpp {

/// A <message/> the receiver took delivery of on an authenticated stream
/// (RFC 6121 §5): for end-to-end message paths to collect.
struct DeliveredMessage {
  std::string from;
  std::string to;
  std::string body;
  std::string stream;  // how the stream it came on was authenticated, in words
};

/// The receiving side of server-to-server streams.
struct ReceiverConfig {
  std::shared_ptr<net::asio::ssl::context> tls;  // asks for a client certificate per policy
  const TrustStore* trust = nullptr;
  const Policy* policy = nullptr;
  std::vector<std::string> served_domains;  // stream `to` values we answer for
  net::Deadlines deadlines;
  bool direct_tls = false;  // XEP-0368: TLS from the first byte, no STARTTLS
  // Server dialback (XEP-0220), offered when the policy allows it; also how
  // this server answers <db:verify/> as an authoritative server.
  const Dialback* dialback = nullptr;
  std::function<void(DeliveredMessage)> on_message;  // null: messages are dropped
  // Where answers to our own initiators' requests go when they come over the
  // peer's stream to us (no bidi); null: they are dropped.
  IqAnswers* answers = nullptr;
  Transcript* transcript = nullptr;  // where this end's exchange is recorded, if anywhere
  // The handshake's verdict, the authentication's, then each stanza's answer.
  net::ConnectionEvents on_event;
};

/// Serves one accepted connection as RFC 6120 and XEP-0178 sequence it:
/// STARTTLS required; TLS that records the initiator's certificate failures
/// without aborting (XMPP servers decide after TLS); after the restart, SASL
/// EXTERNAL offered when the certificate is acceptable for the stream's
/// `from` (chain, purpose and name per policy), or always and checked at
/// <auth> (ejabberd); otherwise a <not-authorized/> stream error naming the
/// reason (Prosody). Where the policy allows dialback, it is offered too: a
/// <db:result/> is checked with the originating domain's authoritative
/// server over a verification connection of our own, and a <db:verify/> is
/// answered from our secret. Passes when the initiator authenticated and its
/// ping was answered, or when the stream only asked <db:verify/> questions
/// (such a connection belongs to no path).
net::asio::awaitable<net::ConnectionOutcome> serve_stream(net::tcp::socket socket,
                                                          ReceiverConfig config);

}  // namespace fedharness::xmpp
