#include "serve/bearer_token.hpp"

#include <fmt/core.h>
#include <fmt/std.h>
#include <openssl/crypto.h>

#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::serve {
namespace {

// 128 bits as hex: `openssl rand -hex 32` gives twice that.
constexpr size_t kMinimumLength = 32;

bool is_token_character(char c) {
  // RFC 6750 §2.1's b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=".
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~+/=").find(c) != std::string_view::npos;
}

}  // namespace

BearerToken BearerToken::from_file(const std::filesystem::path& file) {
  std::string token = read_password_file(file);
  if (token.size() < kMinimumLength) {
    throw BadInput(fmt::format(
        "--token-file {}: the token has {} characters; use at least {} (openssl rand -hex 32)",
        file, token.size(), kMinimumLength));
  }
  for (char c : token) {
    if (!is_token_character(c)) {
      throw BadInput(fmt::format(
          "--token-file {}: the token may hold only letters, digits and -._~+/= (RFC 6750 §2.1)",
          file));
    }
  }
  return BearerToken(std::move(token));
}

bool BearerToken::admits(std::string_view authorization) const {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size()) {
    return false;
  }
  for (size_t i = 0; i < kScheme.size(); ++i) {  // the scheme is case-insensitive (RFC 9110 §11.1)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return false;
    }
  }
  std::string_view presented = authorization.substr(kScheme.size());
  return presented.size() == token_.size() &&
         CRYPTO_memcmp(presented.data(), token_.data(), token_.size()) == 0;
}

}  // namespace fedharness::serve
