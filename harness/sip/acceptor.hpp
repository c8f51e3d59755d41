#pragma once

#include <memory>
#include <string>
#include <vector>

#include "net/asio.hpp"
#include "net/connection_event.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::sip {

/// The accepting side of SIP federation connections.
struct AcceptorConfig {
  std::shared_ptr<net::asio::ssl::context> tls;  // demands a client certificate per policy
  const TrustStore* trust = nullptr;             // what `tls` verifies with
  const Policy* policy = nullptr;
  std::vector<std::string> served_domains;  // To domains answered; others get 404
  net::Deadlines deadlines;
  Transcript* transcript = nullptr;  // where this end's exchange is recorded, if anywhere
  net::ConnectionEvents on_event;    // the handshake's verdict, then each request's
};

/// Serves one accepted connection: TLS handshake verifying the client's
/// certificate per policy (chain and purpose in OpenSSL's verifier), then for
/// each request the RFC 5922 §7.3 check that the certificate names the From
/// domain; 200 when it does, 403 with a Warning when it does not. Passes when
/// the first request was answered 200.
net::asio::awaitable<net::ConnectionOutcome> serve_connection(net::tcp::socket socket,
                                                              AcceptorConfig config);

}  // namespace fedharness::sip
