#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/asio.hpp"
#include "net/connection_event.hpp"
#include "net/outcome.hpp"
#include "scenario/scenario.hpp"
#include "verify/sip_identity.hpp"
#include "verify/trust_store.hpp"
#include "xmpp/dialback.hpp"
#include "xmpp/initiator.hpp"
#include "xmpp/receiver.hpp"

namespace fedharness {

/// One end of a path, whatever the protocol: its TLS context (with the
/// certificate it presents), what it trusts and how it verifies.
struct PathEnd {
  std::shared_ptr<net::asio::ssl::context> tls;
  const TrustStore* trust = nullptr;
  const Policy* policy = nullptr;
  const xmpp::Dialback* dialback = nullptr;  // XMPP: this end's server dialback, if any
  std::function<void(xmpp::DeliveredMessage)> on_message;  // XMPP receiving: messages taken
  bool direct_tls = false;  // XMPP: TLS from the first byte (XEP-0368), not STARTTLS
  // XMPP: answers to this end's requests that come over the peer's own
  // stream, left by this end's receiving side for its initiating side.
  xmpp::IqAnswers* answers = nullptr;
  bool transcribe = false;         // each connection records a transcript, left in its outcome
  net::ConnectionEvents on_event;  // accepting: each verdict as it is reached
  // Initiating: the server's validated TLSA records, if DNS published any.
  const net::DaneRecords* dane = nullptr;
};

/// A fresh recorder for one connection of `end`, or null when it keeps none.
std::shared_ptr<Transcript> transcript_for(const PathEnd& end);

/// How `end` opens an XMPP server-to-server stream as `from_domain`.
xmpp::InitiatorConfig xmpp_initiator(const PathEnd& end, net::tcp::endpoint target,
                                     std::string from_domain, std::string to_domain,
                                     net::Deadlines deadlines);

/// Connects as the initiating side of `protocol`: SIP OPTIONS (sip/initiator)
/// or an XMPP server-to-server stream (xmpp/initiator) to `to.domain`; a
/// SIP policy that checks the SRV target checks `to.srv_target`.
net::asio::awaitable<net::ConnectionOutcome> initiate(Protocol protocol, const PathEnd& end,
                                                      net::tcp::endpoint target,
                                                      std::string from_domain, PeerName to,
                                                      net::Deadlines deadlines);

/// Serves one accepted connection as the receiving side of `protocol` for
/// `served_domains`.
net::asio::awaitable<net::ConnectionOutcome> accept(Protocol protocol, const PathEnd& end,
                                                    net::tcp::socket socket,
                                                    std::vector<std::string> served_domains,
                                                    net::Deadlines deadlines);

}  // namespace fedharness
