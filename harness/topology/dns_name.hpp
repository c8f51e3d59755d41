#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// True for a host name as RFC 1123 §2.1 allows it (letters, digits and
/// hyphens; labels of 1 to 63 characters, not starting or ending with a
/// hyphen; at most 253 characters), with at least two labels: every name a
/// federation certificate carries is a fully qualified domain name.
bool is_fully_qualified_host_name(std::string_view name);

/// The same rules with one label allowed: a name to resolve ("localhost",
/// "edge01"), not one a certificate carries.
bool is_host_name(std::string_view name);

/// DNS names compare case-insensitively (RFC 4343); SANs and topology
/// entries are folded to lower case once, when read.
std::string lowercase_ascii(std::string_view text);

}  // namespace fedharness
