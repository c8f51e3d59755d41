#include "transcript/printable.hpp"

#include <fmt/core.h>

#include "report/utf8.hpp"

namespace fedharness {
namespace {

void escape_bytes(std::string_view bytes, std::string& out) {
  for (unsigned char byte : bytes) {
    out += fmt::format("\\x{:02X}", byte);
  }
}

// C1 controls (U+0080..U+009F: a terminal may take U+009B as CSI) and the
// bidirectional embeddings, overrides and isolates (U+202A..U+202E,
// U+2066..U+2069), which make text read in another order than it was sent.
bool hidden_control(std::string_view sequence) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(sequence[i]); };
  if (sequence.size() == 2) {
    return byte(0) == 0xC2 && byte(1) <= 0x9F;
  }
  if (sequence.size() == 3 && byte(0) == 0xE2) {
    return (byte(1) == 0x80 && byte(2) >= 0xAA && byte(2) <= 0xAE) ||
           (byte(1) == 0x81 && byte(2) >= 0xA6 && byte(2) <= 0xA9);
  }
  return false;
}

enum class Backslash { escape, keep };

std::string escape(std::string_view bytes, Backslash backslash) {
  std::string out;
  out.reserve(bytes.size());
  while (!bytes.empty()) {
    unsigned char lead = static_cast<unsigned char>(bytes.front());
    if (bytes.starts_with("\r\n")) {
      out += '\n';
      bytes.remove_prefix(2);
      continue;
    }
    if (lead == '\n') {
      out += '\n';
    } else if (lead == '\\' && backslash == Backslash::escape) {
      out += "\\\\";
    } else if (lead < 0x20 || lead == 0x7F) {
      escape_bytes(bytes.substr(0, 1), out);
    } else if (size_t length = utf8_sequence_length(bytes); length == 0) {
      escape_bytes(bytes.substr(0, 1), out);
    } else {
      std::string_view sequence = bytes.substr(0, length);
      if (hidden_control(sequence)) {
        escape_bytes(sequence, out);
      } else {
        out += sequence;
      }
      bytes.remove_prefix(length);
      continue;
    }
    bytes.remove_prefix(1);
  }
  return out;
}

// One line: the line ends escape() kept become "\x0A".
std::string one_line(std::string_view text) {
  std::string line;
  for (char c : text) {
    line += c == '\n' ? std::string_view("\\x0A") : std::string_view(&c, 1);
  }
  return line;
}

}  // namespace

std::string printable(std::string_view bytes) {
  return escape(bytes, Backslash::escape);
}

std::string printable_line(std::string_view bytes) {
  return one_line(printable(bytes));
}

std::string displayable(std::string_view text) {
  return one_line(escape(text, Backslash::keep));
}

std::string_view utf8_prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) {
    return text;
  }
  size_t end = limit;
  // Back up over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

}  // namespace fedharness
