#include "verify/chain_verification.hpp"

#include <algorithm>

#include "pki/openssl_error.hpp"

namespace fedharness {
namespace {

int record_and_continue(int ok, X509_STORE_CTX* context) {
  if (ok == 0) {
    auto* failures = static_cast<std::vector<VerifyFailure>*>(X509_STORE_CTX_get_app_data(context));
    int error = X509_STORE_CTX_get_error(context);
    int depth = X509_STORE_CTX_get_error_depth(context);
    bool seen = std::ranges::any_of(*failures, [&](const VerifyFailure& failure) {
      return failure.error == error && failure.depth == depth;
    });
    if (!seen) {
      X509* certificate = X509_STORE_CTX_get_current_cert(context);
      failures->push_back({error, depth, certificate ? share(certificate) : nullptr});
    }
  }
  return 1;
}

}  // namespace

int openssl_purpose(Purpose purpose) {
  switch (purpose) {
    case Purpose::tls_server:
      return X509_PURPOSE_SSL_SERVER;
    case Purpose::tls_client:
      return X509_PURPOSE_SSL_CLIENT;
    case Purpose::any:
      break;
  }
  // OpenSSL checks sslserver / sslclient unless told otherwise; "any" is how
  // a peer that ignores the purpose (Prosody's lsec_ignore_purpose) runs.
  return X509_PURPOSE_ANY;
}

ChainVerification verify_chain(const TrustStore& trust, const std::vector<X509Ptr>& presented,
                               Purpose purpose, std::chrono::system_clock::time_point at,
                               KnownIntermediates known, int security_level) {
  std::vector<X509Ptr> untrusted;
  for (size_t i = 1; i < presented.size(); ++i) {
    untrusted.push_back(share(presented[i].get()));
  }
  if (known == KnownIntermediates::use) {
    for (const auto& intermediate : trust.known_intermediates) {
      untrusted.push_back(share(intermediate.certificate.get()));
    }
  }
  X509StackPtr untrusted_stack = make_stack(untrusted);

  X509StoreCtxPtr context(X509_STORE_CTX_new());
  if (!context || X509_STORE_CTX_init(context.get(), trust.store.get(), presented.front().get(),
                                      untrusted_stack.get()) != 1) {
    throw OpensslError("X509_STORE_CTX_init");
  }
  ChainVerification result;
  X509_STORE_CTX_set_app_data(context.get(), &result.failures);
  X509_STORE_CTX_set_verify_cb(context.get(), record_and_continue);
  X509_STORE_CTX_set_time(context.get(), 0, std::chrono::system_clock::to_time_t(at));
  X509_STORE_CTX_set_purpose(context.get(), openssl_purpose(purpose));
  // libssl hands its security level to the verifier as the auth level: keys
  // and signature digests below it fail with X509_V_ERR_EE_KEY_TOO_SMALL,
  // X509_V_ERR_CA_KEY_TOO_SMALL or X509_V_ERR_CA_MD_TOO_WEAK.
  X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(context.get()), security_level);
  X509_verify_cert(context.get());
  drain_openssl_errors();

  if (STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(context.get())) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      result.chain.push_back(share(sk_X509_value(chain, i)));
    }
  }
  return result;
}

}  // namespace fedharness
