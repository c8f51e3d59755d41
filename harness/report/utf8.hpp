#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// `text` with every byte that is not part of a well-formed UTF-8 sequence
/// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF)
/// replaced by U+FFFD. Reports carry evidence a peer wrote; JSON and XML
/// readers refuse a document that is not UTF-8.
std::string valid_utf8(std::string_view text);

/// The length of the well-formed UTF-8 sequence at the start of `text`, or 0
/// when it does not start with one (an empty `text` included).
size_t utf8_sequence_length(std::string_view text);

}  // namespace fedharness
