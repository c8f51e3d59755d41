#include "pki/openssl_ptr.hpp"

#include "pki/openssl_error.hpp"

namespace fedharness {

X509Ptr share(X509* certificate) {
  X509_up_ref(certificate);
  return X509Ptr(certificate);
}

EvpPkeyPtr share(EVP_PKEY* key) {
  EVP_PKEY_up_ref(key);
  return EvpPkeyPtr(key);
}

X509StackPtr make_stack(const std::vector<X509Ptr>& certificates) {
  X509StackPtr stack(sk_X509_new_null());
  if (!stack) {
    throw OpensslError("sk_X509_new_null");
  }
  for (const auto& certificate : certificates) {
    if (!sk_X509_push(stack.get(), share(certificate.get()).release())) {
      throw OpensslError("sk_X509_push");
    }
  }
  return stack;
}

}  // namespace fedharness
