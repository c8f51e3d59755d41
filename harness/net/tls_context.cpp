#include "net/tls_context.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "net/alpn.hpp"
#include "net/dane.hpp"
#include "pki/openssl_error.hpp"

namespace fedharness::net {
namespace {

int openssl_version(TlsVersion version) {
  switch (version) {
    case TlsVersion::tls1_0:
      return TLS1_VERSION;
    case TlsVersion::tls1_1:
      return TLS1_1_VERSION;
    case TlsVersion::tls1_2:
      return TLS1_2_VERSION;
    case TlsVersion::tls1_3:
      return TLS1_3_VERSION;
  }
  return 0;
}

void check(long result, std::string_view what) {
  if (result != 1) {
    throw OpensslError(what);
  }
}

void present(SSL_CTX* context, const IssuedCredential& identity) {
  // OpenSSL refuses to load a certificate below the context's security level.
  // Loaded at level 0, one that is too weak for its own end fails that end's
  // handshake instead ("ee key too small"), a finding of the path and not a
  // run that cannot start.
  int level = SSL_CTX_get_security_level(context);
  SSL_CTX_set_security_level(context, 0);
  check(SSL_CTX_use_certificate(context, identity.certificate.get()), "SSL_CTX_use_certificate");
  check(SSL_CTX_use_PrivateKey(context, identity.key.get()), "SSL_CTX_use_PrivateKey");
  for (const auto& ca : identity.chain) {
    check(SSL_CTX_add1_chain_cert(context, ca.get()), "SSL_CTX_add1_chain_cert");
  }
  SSL_CTX_set_security_level(context, level);
}

int verify_mode(TlsRole role, const Policy& policy) {
  if (role == TlsRole::client) {
    return SSL_VERIFY_PEER;
  }
  switch (policy.client_certificate) {
    case ClientCertificate::required:
      return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    case ClientCertificate::optional:
      return SSL_VERIFY_PEER;
    case ClientCertificate::none:
      break;
  }
  return SSL_VERIFY_NONE;
}

}  // namespace

void apply_protocol_settings(SSL_CTX* context, const Policy& policy) {
  check(SSL_CTX_set_min_proto_version(context, openssl_version(policy.min_version)),
        "SSL_CTX_set_min_proto_version");
  check(SSL_CTX_set_max_proto_version(context, openssl_version(policy.max_version)),
        "SSL_CTX_set_max_proto_version");
  if (!policy.ciphers.empty()) {
    check(SSL_CTX_set_cipher_list(context, policy.ciphers.c_str()), "SSL_CTX_set_cipher_list");
  }
  if (!policy.ciphersuites.empty()) {
    check(SSL_CTX_set_ciphersuites(context, policy.ciphersuites.c_str()),
          "SSL_CTX_set_ciphersuites");
  }
  if (policy.security_level) {
    SSL_CTX_set_security_level(context, *policy.security_level);
  }
}

int security_level(const Policy& policy) {
  if (policy.security_level) {
    return *policy.security_level;
  }
  static const int system_level = [] {
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_method()),
                                                              SSL_CTX_free);
    if (!context) {
      throw OpensslError("SSL_CTX_new");
    }
    return SSL_CTX_get_security_level(context.get());
  }();
  return system_level;
}

std::shared_ptr<asio::ssl::context> make_tls_context(
    TlsRole role, const Policy& policy, const TrustStore& trust, const IssuedCredential* identity,
    std::optional<std::chrono::system_clock::time_point> at) {
  auto context = std::make_shared<asio::ssl::context>(
      role == TlsRole::client ? asio::ssl::context::tls_client : asio::ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  apply_protocol_settings(native, policy);
  // The store is shared between contexts; each holds its own reference.
  check(X509_STORE_up_ref(trust.store.get()), "X509_STORE_up_ref");
  SSL_CTX_set_cert_store(native, trust.store.get());
  Purpose demanded = role == TlsRole::client ? policy.server_purpose : policy.client_purpose;
  check(SSL_CTX_set_purpose(native, openssl_purpose(demanded)), "SSL_CTX_set_purpose");
  SSL_CTX_set_verify(native, verify_mode(role, policy), nullptr);
  if (at) {
    X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(native),
                               std::chrono::system_clock::to_time_t(*at));
  }
  if (role == TlsRole::client) {
    enable_dane(native);  // used only by connections given TLSA records (dane.hpp)
  }
  if (role == TlsRole::server) {
    // One connection, one path: a resumed session would skip the certificate checks.
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(native, 0);
    acknowledge_xmpp_server_alpn(native);
  }
  if (identity != nullptr) {
    present(native, *identity);
  }
  return context;
}

std::shared_ptr<asio::ssl::context> TlsContextCache::get(TlsRole role, const Policy& policy,
                                                         const TrustStore& trust,
                                                         const IssuedCredential* identity) {
  std::lock_guard lock(mutex_);
  auto known = std::ranges::find_if(contexts_, [&](const Entry& entry) {
    return entry.role == role && entry.trust == &trust && entry.identity == identity &&
           entry.policy == policy;
  });
  if (known != contexts_.end()) {
    return known->context;
  }
  auto context = make_tls_context(role, policy, trust, identity, at_);
  if (key_log_) {
    key_log_->attach(context->native_handle());
  }
  contexts_.push_back({role, policy, &trust, identity, context});
  return context;
}

}  // namespace fedharness::net
