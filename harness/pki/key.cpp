#include "pki/key.hpp"

#include <fmt/core.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include "pki/openssl_error.hpp"

namespace fedharness {

std::optional<KeyType> key_type_from_string(std::string_view name) {
  if (name == "ec-p256") {
    return KeyType::ec_p256;
  }
  if (name == "rsa-2048") {
    return KeyType::rsa_2048;
  }
  if (name == "rsa-4096") {
    return KeyType::rsa_4096;
  }
  return std::nullopt;
}

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::ec_p256:
      return "ec-p256";
    case KeyType::rsa_2048:
      return "rsa-2048";
    case KeyType::rsa_4096:
      return "rsa-4096";
    case KeyType::rsa_1024_weak:
      return "rsa-1024";
  }
  return "unknown";
}

EvpPkeyPtr generate_key(KeyType type) {
  EVP_PKEY* key = nullptr;
  switch (type) {
    case KeyType::ec_p256:
      key = EVP_EC_gen("P-256");
      break;
    case KeyType::rsa_2048:
      key = EVP_RSA_gen(2048);
      break;
    case KeyType::rsa_4096:
      key = EVP_RSA_gen(4096);
      break;
    case KeyType::rsa_1024_weak:
      key = EVP_RSA_gen(1024);
      break;
  }
  if (key == nullptr) {
    throw OpensslError(fmt::format("generating a {} key", to_string(type)));
  }
  return EvpPkeyPtr(key);
}

namespace {

// The curve of an EC key, as OpenSSL names it ("prime256v1"), or empty.
std::string group_name(EVP_PKEY* key) {
  char group[64] = {};
  size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &length) != 1) {
    return {};
  }
  return std::string(group, length);
}

}  // namespace

EvpPkeyPtr generate_key_like(EVP_PKEY* model) {
  EVP_PKEY* key = nullptr;
  switch (EVP_PKEY_get_base_id(model)) {
    case EVP_PKEY_RSA:
      key = EVP_RSA_gen(static_cast<unsigned>(EVP_PKEY_get_bits(model)));
      break;
    case EVP_PKEY_EC: {
      std::string group = group_name(model);
      if (group.empty()) {
        return nullptr;
      }
      key = EVP_EC_gen(group.c_str());
      break;
    }
    case EVP_PKEY_ED25519:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    case EVP_PKEY_ED448:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448");
      break;
    default:
      return nullptr;
  }
  if (key == nullptr) {
    throw OpensslError(fmt::format("generating a {} key", describe_key(model)));
  }
  return EvpPkeyPtr(key);
}

std::string describe_key(EVP_PKEY* key) {
  int bits = EVP_PKEY_get_bits(key);
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return fmt::format("RSA {}", bits);
    case EVP_PKEY_EC: {
      std::string group = group_name(key);
      if (group.empty()) {
        return fmt::format("EC {} bits", bits);
      }
      int nid = OBJ_sn2nid(group.c_str());
      const char* nist = nid == NID_undef ? nullptr : EC_curve_nid2nist(nid);
      return fmt::format("EC {}", nist != nullptr ? nist : group);
    }
    case EVP_PKEY_ED25519:
      return "Ed25519";
    case EVP_PKEY_ED448:
      return "Ed448";
    case EVP_PKEY_DSA:
      return fmt::format("DSA {}", bits);
    default:
      return fmt::format("{} {} bits", OBJ_nid2sn(EVP_PKEY_get_base_id(key)), bits);
  }
}

}  // namespace fedharness
