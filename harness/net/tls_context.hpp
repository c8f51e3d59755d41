#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/asio.hpp"
#include "net/key_log.hpp"
#include "pki/lab_pki.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::net {

enum class TlsRole { client, server };

/// The policy's TLS versions, cipher strings and security level (OpenSSL's
/// defaults where it names none), on any SSL_CTX.
void apply_protocol_settings(SSL_CTX* context, const Policy& policy);

/// The security level an end with `policy` runs at: the policy's, else the
/// one the system's OpenSSL configuration gives every new context.
int security_level(const Policy& policy);

/// An SSL_CTX for one end: the certificate it presents (none when `identity`
/// is null), what it trusts, and how it verifies the other end per `policy`
/// (client certificate demanded, purpose, TLS versions). With `at`, the
/// other end's certificates are judged valid or not as of that time, not
/// now (X509_VERIFY_PARAM_set_time).
std::shared_ptr<asio::ssl::context> make_tls_context(
    TlsRole role, const Policy& policy, const TrustStore& trust, const IssuedCredential* identity,
    std::optional<std::chrono::system_clock::time_point> at = std::nullopt);

/// Builds each (role, policy, trust, identity) context once: on OpenSSL 3.0
/// building an SSL_CTX costs more than a handshake, so connections share them.
/// Policies are compared by value, as every path carries its own copy of its
/// policy (a scenario of 200 paths with one policy has one context, not 200);
/// the trust store and identity by address: they must outlive the cache.
/// With a key log, every context it builds logs its TLS secrets there.
class TlsContextCache {
 public:
  explicit TlsContextCache(std::shared_ptr<KeyLog> key_log = nullptr,
                           std::optional<std::chrono::system_clock::time_point> at = std::nullopt)
      : key_log_(std::move(key_log)), at_(at) {}

  std::shared_ptr<asio::ssl::context> get(TlsRole role, const Policy& policy,
                                          const TrustStore& trust,
                                          const IssuedCredential* identity);

 private:
  struct Entry {
    TlsRole role;
    Policy policy;
    const TrustStore* trust;
    const IssuedCredential* identity;
    std::shared_ptr<asio::ssl::context> context;
  };
  std::shared_ptr<KeyLog> key_log_;
  std::optional<std::chrono::system_clock::time_point> at_;  // every context's verification time
  std::mutex mutex_;
  std::vector<Entry> contexts_;  // a scenario's few distinct ends
};

}  // namespace fedharness::net
