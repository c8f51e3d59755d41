#pragma once

#include <memory>
#include <string>

#include "net/asio.hpp"
#include "net/dane.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "verify/sip_identity.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::sip {

/// One federation connection from the initiating side.
struct InitiatorConfig {
  net::tcp::endpoint target;
  std::string from_domain;  // the domain we federate for (From)
  PeerName peer;            // the domain we federate with: To, Request-URI, SNI, name check
  std::shared_ptr<net::asio::ssl::context> tls;
  const TrustStore* trust = nullptr;  // what `tls` verifies with
  const Policy* policy = nullptr;     // how we verify the other side
  net::Deadlines deadlines;
  Transcript* transcript = nullptr;  // where this end's exchange is recorded, if anywhere
  // The server's validated TLSA records, when DNS published some: checked
  // when the policy says dane (null: no DANE for this connection).
  const net::DaneRecords* dane = nullptr;
};

/// RFC 3261 §18 over TLS (RFC 5922 §7.2): connect, handshake presenting our
/// certificate with SNI = the SRV target, send OPTIONS, and pass only on a 2xx:
/// with TLS 1.3 a server's refusal of our certificate arrives after our
/// handshake has completed, on the first read (RFC 8446 §4.4.2.4).
net::asio::awaitable<net::ConnectionOutcome> initiate_options(InitiatorConfig config);

}  // namespace fedharness::sip
