#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/asio.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::xmpp {

/// The secret behind a server's dialback keys (XEP-0185): the keys it sends
/// as an originating server, and checks when a receiving server asks it, as
/// the authoritative server, whether a key is one of its own.
class DialbackSecret {
 public:
  /// A fresh random secret: keys live only as long as one run.
  DialbackSecret();

  /// XEP-0185 §3: HEX(HMAC-SHA256(HEX(SHA256(secret)), receiving ' '
  /// originating ' ' stream id)).
  std::string key(std::string_view receiving, std::string_view originating,
                  std::string_view stream_id) const;

 private:
  std::string hashed_secret_;  // HEX(SHA256(secret)), the HMAC key
};

/// Where a domain's authoritative server listens: the DNS SRV lookup of
/// XEP-0220 §2.3, which on loopback is the harness's own table.
using AuthoritativeServers = std::function<std::optional<net::tcp::endpoint>(std::string_view)>;

/// What a server needs for server dialback (XEP-0220) in any of its roles.
struct Dialback {
  std::shared_ptr<const DialbackSecret> secret;
  AuthoritativeServers authoritative_servers;
  // The receiving server's verification connection presents this server's
  // certificate, as a TLS client; it judges nothing by it.
  std::shared_ptr<net::asio::ssl::context> verify_tls;
  const TrustStore* trust = nullptr;
};

/// <db:result/> and <db:verify/> (XEP-0220 §2.1, §2.3): a request with a
/// key, or an answer with a type.
std::string dialback_request(std::string_view element, std::string_view from, std::string_view to,
                             std::string_view key, std::string_view id = {});
std::string dialback_answer(std::string_view element, std::string_view from, std::string_view to,
                            bool valid, std::string_view id = {});

}  // namespace fedharness::xmpp
