#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedharness::xmpp {

/// One XML element of an XMPP stream with its namespace resolved (RFC 6120
/// §4.8): a stanza, a stream feature, a SASL or dialback element.
struct XmlElement {
  std::string ns;    // namespace URI, e.g. "jabber:server"
  std::string name;  // local name, e.g. "iq"
  std::vector<std::pair<std::string, std::string>> attributes;  // unprefixed names as written
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside this element

  std::optional<std::string_view> attribute(std::string_view attribute_name) const;
  const XmlElement* child(std::string_view child_ns, std::string_view child_name) const;
  bool is(std::string_view element_ns, std::string_view element_name) const {
    return ns == element_ns && name == element_name;
  }

  /// The element as XML, with its namespace declared on it when it differs
  /// from `parent_ns` (so a stanza inside jabber:server carries no xmlns).
  std::string serialize(std::string_view parent_ns = {}) const;
};

/// Escapes character data and attribute values (XML 1.0 §2.4).
std::string escape_xml(std::string_view text);

}  // namespace fedharness::xmpp
