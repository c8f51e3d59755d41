#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fedharness {

/// One "-----BEGIN <label>-----" ... "-----END <label>-----" block of a PEM
/// file (RFC 7468), with the line it starts on so that errors can point at it.
struct PemBlock {
  std::string label;
  std::string text;  // the whole block, BEGIN and END lines included
  int line = 0;      // 1-based line of the BEGIN line
};

/// Splits PEM text into its blocks, ignoring text between them (RFC 7468 §2
/// allows explanatory text, as `openssl x509 -text` writes). Throws BadInput
/// "source:line: ..." for a block without its END line.
std::vector<PemBlock> split_pem_blocks(std::string_view text, std::string_view source);

bool looks_like_pem(std::string_view text);

}  // namespace fedharness
