#include "report/xml_escape.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "report/utf8.hpp"

namespace fedharness {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void escape_ascii(char c, std::string& out) {
  switch (c) {
    case '&':
      out += "&amp;";
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '"':
      out += "&quot;";
      return;
    case '\'':
      out += "&apos;";
      return;
    case '\t':
    case '\n':
    case '\r':
      out += fmt::format("&#{};", static_cast<int>(c));
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20) {
    out += fmt::format("\\x{:02X}", static_cast<int>(c));  // no XML 1.0 character
  } else {
    out += c;
  }
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    size_t length = utf8_sequence_length(text);
    std::string_view sequence = text.substr(0, length);
    if (length == 1) {
      escape_ascii(text.front(), out);
    } else if (length == 0 || sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF") {
      out += kReplacement;  // not UTF-8, or U+FFFE / U+FFFF, which XML 1.0 excludes
      length = std::max<size_t>(length, 1);
    } else {
      out += sequence;
    }
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace fedharness
