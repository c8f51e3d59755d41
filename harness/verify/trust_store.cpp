#include "verify/trust_store.hpp"

#include <fmt/core.h>

#include "pki/credential_loader.hpp"
#include "pki/openssl_error.hpp"
#include "util/bad_input.hpp"

namespace fedharness {
namespace {

X509StorePtr new_store() {
  X509StorePtr store(X509_STORE_new());
  if (!store) {
    throw OpensslError("X509_STORE_new");
  }
  return store;
}

bool is_self_signed(X509* certificate) {
  return X509_self_signed(certificate, 0) == 1;
}

// A certificate in the store is a candidate issuer; it is a trust anchor only when
// self-signed (OpenSSL without X509_V_FLAG_PARTIAL_CHAIN).
void add_to_store(X509_STORE* store, X509* certificate) {
  if (X509_STORE_add_cert(store, certificate) != 1) {
    throw OpensslError("X509_STORE_add_cert");
  }
}

}  // namespace

TrustStore system_trust_store() {
  TrustStore trust{new_store(), {}, "the system trust store"};
  if (X509_STORE_set_default_paths(trust.store.get()) != 1) {
    throw OpensslError("X509_STORE_set_default_paths");
  }
  return trust;
}

TrustStore trust_store_from_file(const std::filesystem::path& path) {
  TrustStore trust{new_store(), {}, path.string()};
  add_trusted_file(trust, path);
  return trust;
}

void add_trusted_file(TrustStore& trust, const std::filesystem::path& path) {
  bool has_anchor = false;
  for (auto& certificate : load_certificate_bundle(path)) {
    // In the store either way, so a TLS peer built from this store holds the
    // intermediates too.
    add_to_store(trust.store.get(), certificate.get());
    if (is_self_signed(certificate.get())) {
      has_anchor = true;
    } else {
      trust.known_intermediates.push_back({std::move(certificate), path.string()});
    }
  }
  if (!has_anchor) {
    throw BadInput(fmt::format("{}: no self-signed root certificate to trust", path.string()));
  }
}

TrustStore trust_store_from_certificates(const std::vector<X509Ptr>& anchors,
                                         std::string description) {
  TrustStore trust{new_store(), {}, std::move(description)};
  for (const auto& anchor : anchors) {
    add_to_store(trust.store.get(), anchor.get());
  }
  return trust;
}

void add_known_intermediates(TrustStore& trust, const std::filesystem::path& path) {
  for (auto& certificate : load_certificate_bundle(path)) {
    add_to_store(trust.store.get(), certificate.get());
    trust.known_intermediates.push_back({std::move(certificate), path.string()});
  }
}

const TrustStore::Known* known_issuer_of(const TrustStore& trust, X509* certificate) {
  for (const auto& intermediate : trust.known_intermediates) {
    if (X509_check_issued(intermediate.certificate.get(), certificate) == X509_V_OK) {
      return &intermediate;
    }
  }
  return nullptr;
}

std::string source_of(const TrustStore& trust, X509* ca) {
  for (const auto& intermediate : trust.known_intermediates) {
    if (X509_cmp(intermediate.certificate.get(), ca) == 0) {
      return intermediate.source;
    }
  }
  return trust.description;
}

}  // namespace fedharness
