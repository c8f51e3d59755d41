#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fedharness::serve {

/// The secret `serve --token-file` names, which every request but
/// /healthz must present as `Authorization: Bearer <token>` (RFC 6750 §2.1).
class BearerToken {
 public:
  /// Reads the file (its first line); throws BadInput naming it for an
  /// unreadable file or a token too short to resist guessing.
  static BearerToken from_file(const std::filesystem::path& file);

  /// Whether an Authorization header's value carries this token. The
  /// comparison takes the same time wherever the first difference is.
  bool admits(std::string_view authorization) const;

 private:
  explicit BearerToken(std::string token) : token_(std::move(token)) {}
  std::string token_;
};

}  // namespace fedharness::serve
