#include "report/html_blocks.hpp"

#include <fmt/core.h>

#include "report/xml_escape.hpp"

namespace fedharness {

std::string escaped_list(const std::vector<std::string>& items, std::string_view none) {
  if (items.empty()) {
    return std::string(none);
  }
  std::string html;
  for (const auto& item : items) {
    html += (html.empty() ? "" : ", ") + xml_escape(item);
  }
  return html;
}

std::string definition_html(std::string_view css_class, std::string_view title,
                            std::string_view value_html) {
  return fmt::format("<dt>{}</dt><dd class=\"{}\">{}</dd>\n", title, css_class, value_html);
}

}  // namespace fedharness
