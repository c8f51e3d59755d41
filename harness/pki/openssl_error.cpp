#include "pki/openssl_error.hpp"

#include <fmt/core.h>
#include <openssl/err.h>

namespace fedharness {

std::string drain_openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) {
      text += "; ";
    }
    text += buffer;
  }
  return text;
}

OpensslError::OpensslError(std::string_view what)
    : std::runtime_error(fmt::format("{}: {}", what, drain_openssl_errors())) {}

}  // namespace fedharness
