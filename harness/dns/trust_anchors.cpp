#include "dns/trust_anchors.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <ranges>

#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::dns {
namespace {

// libunbound takes anchors as zone file records (RFC 4034 §5.3 for DS,
// §2.2 for DNSKEY), as C strings: a record of another type, a line with no
// type, or one with a control character (a NUL would cut it short) is a
// file mixed up with another one.
bool is_anchor_record(std::string_view line) {
  auto printable = [](char c) { return c == '\t' || (c >= ' ' && c <= '~'); };
  if (!std::ranges::all_of(line, printable)) {
    return false;
  }
  // The owner name, then up to TTL and class before the type.
  size_t field = 0;
  for (auto piece : std::views::split(line, ' ')) {
    for (auto word : std::views::split(piece, '\t')) {
      std::string_view text(word.begin(), word.end());
      if (text.empty()) {
        continue;
      }
      if (field > 0 && field <= 3 && (text == "DS" || text == "DNSKEY")) {
        return true;
      }
      ++field;
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
