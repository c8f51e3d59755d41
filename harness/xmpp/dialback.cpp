#include "xmpp/dialback.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <span>

#include "xmpp/xml_element.hpp"

namespace fedharness::xmpp {
namespace {

std::string hex(std::span<const unsigned char> bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    text += fmt::format("{:02x}", byte);
  }
  return text;
}

std::string id_attribute(std::string_view id) {
  return id.empty() ? std::string() : fmt::format(" id='{}'", escape_xml(id));
}

}  // namespace

DialbackSecret::DialbackSecret() {
  unsigned char secret[32];
  RAND_bytes(secret, sizeof secret);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(secret, sizeof secret, digest);
  hashed_secret_ = hex(digest);
}

std::string DialbackSecret::key(std::string_view receiving, std::string_view originating,
                                std::string_view stream_id) const {
  std::string text = fmt::format("{} {} {}", receiving, originating, stream_id);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), hashed_secret_.data(), static_cast<int>(hashed_secret_.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &length);
  return hex({mac, length});
}

std::string dialback_request(std::string_view element, std::string_view from, std::string_view to,
                             std::string_view key, std::string_view id) {
  return fmt::format("<db:{} from='{}' to='{}'{}>{}</db:{}>", element, escape_xml(from),
                     escape_xml(to), id_attribute(id), escape_xml(key), element);
}

std::string dialback_answer(std::string_view element, std::string_view from, std::string_view to,
                            bool valid, std::string_view id) {
  return fmt::format("<db:{} from='{}' to='{}'{} type='{}'/>", element, escape_xml(from),
                     escape_xml(to), id_attribute(id), valid ? "valid" : "invalid");
}

}  // namespace fedharness::xmpp
