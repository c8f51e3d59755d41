#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "xmpp/xml_element.hpp"

namespace fedharness::xmpp {

/// Hard limits on what a peer may make us hold: a hostile stream gets a
/// stream error, never unbounded memory.
struct XmlStreamLimits {
  size_t max_stanza_bytes = 64 * 1024;
  // Bytes that may arrive without completing one XML token (a start tag with
  // its attributes, a run of text). Without reparse deferral (see
  // xml_stream.cpp) expat scans an unfinished token again on every feed, so
  // one endless start tag sent a byte at a time would cost time quadratic in
  // its length; a stream header or a stanza's start tag is far shorter.
  size_t max_token_bytes = 8 * 1024;
  size_t max_depth = 16;  // below the stream element
  size_t max_attributes = 32;
};

/// Why the peer's XML was refused, as the stream error condition to send
/// (RFC 6120 §4.9.3) and a text saying where.
struct XmlStreamError {
  std::string condition;  // "not-well-formed", "restricted-xml", "policy-violation", ...
  std::string text;
};

/// The <stream:stream> header's attributes (RFC 6120 §4.7).
struct StreamHeader {
  std::string default_ns;  // jabber:server for server-to-server
  std::vector<std::pair<std::string, std::string>> attributes;  // from, to, id, version, xml:lang

  std::optional<std::string_view> attribute(std::string_view name) const;
};

/// An incremental parser for one XMPP stream over expat. Bytes go in with
/// feed(); the stream header, then each complete first-level element (a
/// stanza, features, SASL, TLS or dialback element), come out in order.
/// RFC 6120 §11.1 restricts the XML: a DOCTYPE, entity declarations,
/// processing instructions and comments are refused with restricted-xml.
class XmlStream {
 public:
  explicit XmlStream(XmlStreamLimits limits = {});
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  /// Parses more of the stream; throws XmlStreamError on the first problem.
  void feed(std::string_view bytes);

  /// Starts over for a stream restart (after STARTTLS and after SASL, RFC
  /// 6120 §4.3.3): the next bytes begin a new <stream:stream>.
  void restart();

  const std::optional<StreamHeader>& header() const { return header_; }
  bool closed() const { return closed_; }

  /// The next complete first-level element, if one has arrived.
  std::optional<XmlElement> next_element();

 private:
  struct State;
  std::unique_ptr<State> state_;
  XmlStreamLimits limits_;
  std::optional<StreamHeader> header_;
  bool closed_ = false;
  std::deque<XmlElement> elements_;
};

}  // namespace fedharness::xmpp
