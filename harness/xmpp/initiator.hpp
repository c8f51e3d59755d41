#pragma once

#include <memory>
#include <string>

#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::xmpp {

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
};

/// RFC 6120 as an initiating server runs it: stream header (jabber:server,
/// from, to), STARTTLS (§5), TLS presenting our certificate with SNI = the
/// target domain, stream restart, SASL EXTERNAL (§6, XEP-0178) when offered,
/// stream restart, then one IQ ping (XEP-0199) that must be answered. A path
/// passes only when the ping comes back. With `direct_tls`, TLS (ALPN
/// xmpp-server, SNI) comes first and the stream starts inside it (XEP-0368).
net::asio::awaitable<net::ConnectionOutcome> initiate_stream(InitiatorConfig config);

}  // namespace fedharness::xmpp
