#include "net/dane.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "pki/openssl_error.hpp"

namespace fedharness::net {

void enable_dane(SSL_CTX* context) {
  if (SSL_CTX_dane_enable(context) <= 0) {
    throw OpensslError("SSL_CTX_dane_enable");
  }
}

void require_dane(SSL* ssl, const DaneRecords& dane, TlsObservation& observation) {
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
    // 0: a usage, selector or matching type OpenSSL does not know, which
    // RFC 6698 §4.1 says to treat as unusable rather than as a mismatch.
    if (SSL_dane_tlsa_add(ssl, record.usage, record.selector, record.matching,
                          reinterpret_cast<const unsigned char*>(record.data.data()),
                          record.data.size()) < 0) {
      throw OpensslError("SSL_dane_tlsa_add");
    }
  }
  std::vector<std::string> texts;
  for (const dns::TlsaRecord& record : dane.records) {
    texts.push_back(tlsa_text(record));
  }
  observation.dane_records = fmt::format("TLSA {} ({})", dane.name, fmt::join(texts, ", "));
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
