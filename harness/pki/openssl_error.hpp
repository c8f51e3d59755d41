#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace fedharness {

/// OpenSSL failed at something that should not fail (signing, encoding):
/// a harness error, not bad input. Carries OpenSSL's own error queue.
class OpensslError : public std::runtime_error {
 public:
  explicit OpensslError(std::string_view what);
};

/// The text of OpenSSL's error queue ("error:...:reason"), emptying it.
std::string drain_openssl_errors();

}  // namespace fedharness
