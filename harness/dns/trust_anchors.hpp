#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fedharness::dns {

/// The DNSSEC trust anchors in a file: one "ZONE. [TTL] [IN] DS ..." or
/// "... DNSKEY ..." record per line, as `keymgr ZONE ds` or `dig DNSKEY`
/// print them; empty lines and comments (';' or '#') are skipped. Throws
/// BadInput "FILE:LINE: ..." for a line that is neither.
std::vector<std::string> read_trust_anchors(const std::filesystem::path& file);

/// The same for text already read; `source` names it in messages.
std::vector<std::string> parse_trust_anchors(std::string_view text, const std::string& source);

}  // namespace fedharness::dns
