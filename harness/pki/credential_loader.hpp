#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pki/openssl_ptr.hpp"

namespace fedharness {

/// Certificates as a server would present them (leaf first, then the chain),
/// and the private key when the file carried one.
struct LoadedCredential {
  std::vector<X509Ptr> certificates;
  EvpPkeyPtr key;
  std::string format;  // "PEM", "DER" or "PKCS#12"
};

/// Loads PEM (one or several certificates, optionally a private key), DER (one
/// certificate) or PKCS#12. `password` opens PKCS#12 files and encrypted keys.
/// Throws BadInput naming the file (and the line of a broken PEM block).
LoadedCredential load_credential(const std::filesystem::path& path,
                                 const std::optional<std::string>& password);

/// Loads a private key, PEM or DER, encrypted or not.
EvpPkeyPtr load_private_key(const std::filesystem::path& path,
                            const std::optional<std::string>& password);

/// Loads every certificate of a PEM bundle (or one DER certificate): trust
/// anchors and known intermediates.
std::vector<X509Ptr> load_certificate_bundle(const std::filesystem::path& path);

}  // namespace fedharness
