#include "xmpp/xml_element.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace fedharness::xmpp {

std::optional<std::string_view> XmlElement::attribute(std::string_view attribute_name) const {
  auto found =
      std::ranges::find(attributes, attribute_name, &std::pair<std::string, std::string>::first);
  if (found == attributes.end()) {
    return std::nullopt;
  }
  return found->second;
}

const XmlElement* XmlElement::child(std::string_view child_ns, std::string_view child_name) const {
  auto found = std::ranges::find_if(
      children, [&](const XmlElement& c) { return c.is(child_ns, child_name); });
  return found == children.end() ? nullptr : &*found;
}

std::string escape_xml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&apos;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string XmlElement::serialize(std::string_view parent_ns) const {
  std::string xml = "<" + name;
  if (ns != parent_ns) {
    xml += fmt::format(" xmlns='{}'", escape_xml(ns));
  }
  for (const auto& [key, value] : attributes) {
    xml += fmt::format(" {}='{}'", key, escape_xml(value));
  }
  if (children.empty() && text.empty()) {
    return xml + "/>";
  }
  xml += ">" + escape_xml(text);
  for (const auto& child_element : children) {
    xml += child_element.serialize(ns);
  }
  return xml + "</" + name + ">";
}

}  // namespace fedharness::xmpp
