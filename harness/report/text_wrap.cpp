#include "report/text_wrap.hpp"

namespace fedharness {
namespace {

size_t columns(std::string_view text) {
  size_t count = 0;
  for (char byte : text) {
    count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

}  // namespace

std::string wrap_text(std::string_view lead, std::string_view text, size_t width,
                      std::string_view indent) {
  std::string out(text);
  if (width == 0) {
    return out;
  }
  out.clear();
  size_t used = columns(lead);
  bool line_empty = true;
  while (!text.empty()) {
    size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (word.empty()) {
      continue;
    }
    size_t needed = columns(word) + (line_empty ? 0 : 1);
    if (!line_empty && used + needed > width) {
      out += '\n';
      out += indent;
      used = columns(indent);
      line_empty = true;
      needed = columns(word);
    }
    if (!line_empty) {
      out += ' ';
    }
    out += word;
    used += needed;
    line_empty = false;
  }
  return out;
}

}  // namespace fedharness
