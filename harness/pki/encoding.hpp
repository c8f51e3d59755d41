#pragma once

#include <string>
#include <vector>

#include "pki/lab_pki.hpp"

namespace fedharness {

std::string certificate_to_pem(X509* certificate);

/// The certificate followed by its chain, as a server's certificate file holds it.
std::string chain_to_pem(const IssuedCredential& credential);

/// PKCS#8, unencrypted: for files written 0600 only.
std::string private_key_to_pem(EVP_PKEY* key);

/// A PKCS#12 bundle (key, certificate, chain) as an Edge imports it; OpenSSL
/// 3's defaults: AES-256-CBC with PBKDF2, HMAC-SHA256 MAC.
std::string to_pkcs12(const IssuedCredential& credential, const std::string& password,
                      const std::string& friendly_name);

}  // namespace fedharness
