#pragma once

#include <string_view>

namespace fedharness::xmpp {

// The XML namespaces of server-to-server XMPP (RFC 6120 §4.8, §5.4, §6.4,
// §4.9.3; XEP-0199), and the extensions server-to-server streams use.
inline constexpr std::string_view kServerNs = "jabber:server";
inline constexpr std::string_view kStreamsNs = "http://etherx.jabber.org/streams";
inline constexpr std::string_view kTlsNs = "urn:ietf:params:xml:ns:xmpp-tls";
inline constexpr std::string_view kSaslNs = "urn:ietf:params:xml:ns:xmpp-sasl";
inline constexpr std::string_view kStreamErrorNs = "urn:ietf:params:xml:ns:xmpp-streams";
inline constexpr std::string_view kPingNs = "urn:xmpp:ping";
// XEP-0288 bidirectional server-to-server: the feature the receiver offers and
// the element the initiator answers it with.
inline constexpr std::string_view kBidiFeatureNs = "urn:xmpp:features:bidi";
inline constexpr std::string_view kBidiNs = "urn:xmpp:bidi";
// XEP-0220 server dialback: <db:result/> and <db:verify/>, and the stream
// feature that announces dialback with error handling (§2.1, §5).
inline constexpr std::string_view kDialbackNs = "jabber:server:dialback";
inline constexpr std::string_view kDialbackFeatureNs = "urn:xmpp:features:dialback";

}  // namespace fedharness::xmpp
