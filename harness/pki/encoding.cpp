#include "pki/encoding.hpp"

#include <openssl/pem.h>

#include "pki/openssl_error.hpp"

namespace fedharness {
namespace {

BioPtr memory_bio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) {
    throw OpensslError("BIO_new");
  }
  return bio;
}

std::string contents(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

std::string certificate_to_pem(X509* certificate) {
  BioPtr bio = memory_bio();
  if (PEM_write_bio_X509(bio.get(), certificate) != 1) {
    throw OpensslError("PEM_write_bio_X509");
  }
  return contents(bio.get());
}

std::string chain_to_pem(const IssuedCredential& credential) {
  std::string pem = certificate_to_pem(credential.certificate.get());
  for (const auto& ca : credential.chain) {
    pem += certificate_to_pem(ca.get());
  }
  return pem;
}

std::string private_key_to_pem(EVP_PKEY* key) {
  BioPtr bio = memory_bio();
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw OpensslError("PEM_write_bio_PrivateKey");
  }
  return contents(bio.get());
}

std::string to_pkcs12(const IssuedCredential& credential, const std::string& password,
                      const std::string& friendly_name) {
  X509StackPtr chain = make_stack(credential.chain);
  Pkcs12Ptr bundle(PKCS12_create(password.c_str(), friendly_name.c_str(), credential.key.get(),
                                 credential.certificate.get(), chain.get(), 0, 0, 0, 0, 0));
  if (!bundle) {
    throw OpensslError("PKCS12_create");
  }
  BioPtr bio = memory_bio();
  if (i2d_PKCS12_bio(bio.get(), bundle.get()) != 1) {
    throw OpensslError("i2d_PKCS12_bio");
  }
  return contents(bio.get());
}

}  // namespace fedharness
