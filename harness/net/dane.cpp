#include "net/dane.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

#include "pki/openssl_error.hpp"

namespace fedharness::net {

void enable_dane(SSL_CTX* context) {
  if (SSL_CTX_dane_enable(context) <= 0) {
    throw OpensslError("SSL_CTX_dane_enable");
  }
}

namespace {

// SSL_dane_enable and SSL_dane_tlsa_add on `ssl`, with OpenSSL's own host
// check off: names are the policy's (require_dane) or not asked (dane_mismatch).
void add_tlsa_records(SSL* ssl, const DaneRecords& dane) {
  // The base domain is the TLSA name's target (RFC 7673 §3); SNI, set
  // before, stays as the protocol sets it.
  std::string base = dane.name.substr(dane.name.find("._tcp.") + 6);
  if (SSL_dane_enable(ssl, base.c_str()) <= 0) {
    throw OpensslError("SSL_dane_enable");
  }
  if (X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), nullptr, 0) != 1) {
    throw OpensslError("X509_VERIFY_PARAM_set1_host");
  }
  for (const dns::TlsaRecord& record : dane.records) {
    // 0 for a usage, selector or matching type OpenSSL does not know, below
    // 0 for data that cannot be what the record says (a SHA-256 of 31
    // bytes, which a lying server may send): both unusable records, skipped
    // rather than counted as a mismatch (RFC 6698 §4.1). With none usable,
    // OpenSSL verifies the chain as it would without DANE.
    if (SSL_dane_tlsa_add(ssl, record.usage, record.selector, record.matching,
                          reinterpret_cast<const unsigned char*>(record.data.data()),
                          record.data.size()) <= 0) {
      drain_openssl_errors();
    }
  }
}

}  // namespace

void require_dane(SSL* ssl, const DaneRecords& dane, TlsObservation& observation) {
  add_tlsa_records(ssl, dane);
  std::vector<std::string> texts;
  for (const dns::TlsaRecord& record : dane.records) {
    texts.push_back(tlsa_text(record));
  }
  observation.dane_records = fmt::format("TLSA {} ({})", dane.name, fmt::join(texts, ", "));
}

std::optional<std::string> dane_mismatch(const std::vector<X509Ptr>& chain, const DaneRecords& dane,
                                         const TrustStore& trust) {
  // The DANE state lives in an SSL object: one that never connects.
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> context(SSL_CTX_new(TLS_client_method()),
                                                            SSL_CTX_free);
  if (!context) {
    throw OpensslError("SSL_CTX_new");
  }
  enable_dane(context.get());
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(context.get()), SSL_free);
  if (!ssl) {
    throw OpensslError("SSL_new");
  }
  add_tlsa_records(ssl.get(), dane);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> verification(X509_STORE_CTX_new(),
                                                                               X509_STORE_CTX_free);
  X509StackPtr untrusted = make_stack(chain);
  if (!verification || X509_STORE_CTX_init(verification.get(), trust.store.get(),
                                           chain.front().get(), untrusted.get()) != 1) {
    throw OpensslError("X509_STORE_CTX_init");
  }
  X509_STORE_CTX_set0_dane(verification.get(), SSL_get0_dane(ssl.get()));
  if (X509_verify_cert(verification.get()) == 1) {
    return std::nullopt;
  }
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(verification.get()));
}

std::string spki_sha256(X509* certificate) {
  unsigned char* der = nullptr;
  int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
  if (length <= 0) {
    throw OpensslError("i2d_X509_PUBKEY");
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<size_t>(length), digest);
  OPENSSL_free(der);
  std::string hex;
  for (unsigned char byte : digest) {
    hex += fmt::format("{:02x}", byte);
  }
  return hex;
}

std::string tlsa_text(const dns::TlsaRecord& record) {
  std::string text = fmt::format("{} {} {} ", record.usage, record.selector, record.matching);
  for (unsigned char byte : record.data) {
    text += fmt::format("{:02x}", byte);
  }
  return text;
}

}  // namespace fedharness::net
