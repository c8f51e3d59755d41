#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fedharness {

/// Building blocks the parts of the HTML report share. Text is escaped with
/// xml_escape, whose output is also valid HTML text and attribute values.

/// "a, b, c", each escaped; `none` (HTML) when there are no items.
std::string escaped_list(const std::vector<std::string>& items,
                         std::string_view none = "<span class=\"none\">none</span>");

/// One <dt>title</dt><dd class="css_class">value</dd> pair of a <dl>, on its
/// own line; `title` and `value_html` are HTML already.
std::string definition_html(std::string_view css_class, std::string_view title,
                            std::string_view value_html);

}  // namespace fedharness
