#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// Bytes a peer sent, made safe to write into a text file a person reads
/// in a terminal: line ends become '\n' (CRLF, the SIP line end of RFC 3261
/// §7, counts as one), a backslash becomes "\\", and every other control
/// byte, every byte outside well-formed UTF-8, C1 controls and the Unicode
/// bidirectional overrides (which reorder what a terminal shows) become
/// "\xNN" per byte. Everything else, including UTF-8 text, stays as it is.
std::string printable(std::string_view bytes);

/// printable(), on one line: line ends are escaped too ("\x0A").
std::string printable_line(std::string_view bytes);

/// Text a peer had a hand in (evidence, a certificate's names), for one line
/// of a report: as printable_line(), but a backslash stays one, so that text
/// already escaped its own way (RFC 2253's "\,") reads as it was, and making
/// a text displayable twice changes nothing.
std::string displayable(std::string_view text);

/// The longest prefix of `text` (well-formed UTF-8) of at most `limit`
/// bytes that does not cut a character in two.
std::string_view utf8_prefix(std::string_view text, size_t limit);

}  // namespace fedharness
