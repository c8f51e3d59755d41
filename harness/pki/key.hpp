#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pki/openssl_ptr.hpp"

namespace fedharness {

enum class KeyType { ec_p256, rsa_2048, rsa_4096, rsa_1024_weak };

/// "ec-p256", "rsa-2048", "rsa-4096" (the weak type has no name: it is only
/// reachable through the weak-key defect).
std::optional<KeyType> key_type_from_string(std::string_view name);
std::string_view to_string(KeyType type);

EvpPkeyPtr generate_key(KeyType type);

/// A new key of the same kind as `model`: RSA of as many bits, EC on the
/// same curve, Ed25519 or Ed448; null for any other kind. Throws
/// OpensslError when generating fails.
EvpPkeyPtr generate_key_like(EVP_PKEY* model);

/// "EC P-256", "RSA 2048": how a person names the key of a certificate.
std::string describe_key(EVP_PKEY* key);

}  // namespace fedharness
