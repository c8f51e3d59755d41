#include "dns/trust_anchors.hpp"

#include <fmt/core.h>

#include <ranges>
#include <sstream>

#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::dns {
namespace {

// libunbound takes anchors as zone file records (RFC 4034 §5.3 for DS,
// §2.2 for DNSKEY); a record of another type, or a line with no type, is a
// file mixed up with another one.
bool is_anchor_record(std::string_view line) {
  std::istringstream words{std::string(line)};
  std::string word;
  words >> word;  // the owner name
  for (int field = 0; field < 3 && words >> word; ++field) {
    if (word == "DS" || word == "DNSKEY") {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> parse_trust_anchors(std::string_view text, const std::string& source) {
  std::vector<std::string> anchors;
  size_t number = 0;
  for (auto piece : std::views::split(text, '\n')) {
    ++number;
    std::string_view line(piece.begin(), piece.end());
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == ';' || line[start] == '#') {
      continue;
    }
    if (!is_anchor_record(line)) {
      throw BadInput(
          fmt::format("{}:{}: expected a trust anchor, 'ZONE. DS ...' or 'ZONE. "
                      "DNSKEY ...' (as keymgr ZONE ds prints it)",
                      source, number));
    }
    anchors.emplace_back(line);
  }
  if (anchors.empty()) {
    throw BadInput(fmt::format("{}: no trust anchor in it", source));
  }
  return anchors;
}

std::vector<std::string> read_trust_anchors(const std::filesystem::path& file) {
  return parse_trust_anchors(read_file(file, InputKind::trust_anchors), file.string());
}

}  // namespace fedharness::dns
