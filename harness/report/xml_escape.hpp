#pragma once

#include <string>
#include <string_view>

namespace fedharness {

/// `text` as XML 1.0 character data or a double-quoted attribute value: the
/// five markup characters as entities, tab and line breaks as character
/// references (an attribute keeps them that way), and what XML 1.0 cannot
/// carry at all (C0 controls, U+FFFE, U+FFFF, bytes that are not UTF-8)
/// replaced: a control by "\x01"-style text, the rest by U+FFFD. The same
/// text is also HTML5 text or a double-quoted attribute value, as the HTML
/// report uses it.
std::string xml_escape(std::string_view text);

}  // namespace fedharness
