#include "net/cipher_overlap.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "net/tls_context.hpp"
#include "pki/openssl_error.hpp"
#include "pki/openssl_ptr.hpp"

namespace fedharness::net {
namespace {

using SslContextPtr = std::unique_ptr<SSL_CTX, OpensslDeleter<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpensslDeleter<SSL_free>>;

struct Suite {
  uint32_t id;
  int auth;  // NID_auth_rsa, NID_auth_ecdsa, NID_auth_any (TLS 1.3), ...
};

// The suites OpenSSL enables under `policy`: its cipher strings, filtered by
// its TLS versions and the security level (SSL_get1_supported_ciphers).
std::vector<Suite> enabled_suites(const Policy& policy) {
  SslContextPtr context(SSL_CTX_new(TLS_method()));
  if (!context) {
    throw OpensslError("SSL_CTX_new");
  }
  apply_protocol_settings(context.get(), policy);
  SslPtr ssl(SSL_new(context.get()));
  if (!ssl) {
    throw OpensslError("SSL_new");
  }
  std::vector<Suite> suites;
  STACK_OF(SSL_CIPHER)* stack = SSL_get1_supported_ciphers(ssl.get());
  for (int i = 0; i < sk_SSL_CIPHER_num(stack); ++i) {
    const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(stack, i);
    suites.push_back({SSL_CIPHER_get_id(cipher), SSL_CIPHER_get_auth_nid(cipher)});
  }
  sk_SSL_CIPHER_free(stack);
  return suites;
}

// TLS 1.3 suites sign with any key; before 1.3 the suite names the key type.
bool fits_key(const Suite& suite, EVP_PKEY* key) {
  switch (suite.auth) {
    case NID_auth_any:
      return true;
    case NID_auth_rsa:
      return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA;
    case NID_auth_ecdsa:
      return EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
    default:
      return false;
  }
}

}  // namespace

bool share_a_cipher(const Policy& client, const Policy& server, EVP_PKEY* server_key) {
  // Only the versions both allow can be negotiated; each side's suites are
  // taken for those versions alone.
  auto within_both = [&](Policy policy) {
    policy.min_version = std::max(client.min_version, server.min_version);
    policy.max_version = std::min(client.max_version, server.max_version);
    return enabled_suites(policy);
  };
  std::vector<Suite> offered = within_both(client);
  std::vector<Suite> accepted = within_both(server);
  return std::ranges::any_of(accepted, [&](const Suite& suite) {
    return fits_key(suite, server_key) &&
           std::ranges::any_of(offered, [&](const Suite& other) { return other.id == suite.id; });
  });
}

}  // namespace fedharness::net
