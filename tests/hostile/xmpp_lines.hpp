#pragma once

// What a hostile XMPP peer says when it says the right thing (RFC 6120 §9's
// examples, between partner.example and contoso.com).

#include <string>
#include <string_view>

namespace fedharness::hostile::lines {

inline constexpr const char* kStreamsNs = "http://etherx.jabber.org/streams";

/// How every stream header of ours ends (xmpp::stream_header).
inline constexpr const char* kHeaderEnd = "version='1.0'>";

/// partner.example's stream header, as a receiving server answers and as an
/// initiating one opens, with the XML declaration before it.
inline constexpr const char* kServerStreamOpen =
    "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
    "from='partner.example' to='contoso.com' id='hostile' version='1.0'>";
inline const std::string kServerHeader = std::string("<?xml version='1.0'?>") + kServerStreamOpen;

inline constexpr const char* kStartTlsFeatures =
    "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
    "</stream:features>";
inline constexpr const char* kProceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
inline constexpr const char* kExternalFeatures =
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
    "<mechanism>EXTERNAL</mechanism></mechanisms></stream:features>";
// The same, with XEP-0288 bidi offered: the ping is answered on this stream.
inline constexpr const char* kExternalBidiFeatures =
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
    "<mechanism>EXTERNAL</mechanism></mechanisms>"
    "<bidi xmlns='urn:xmpp:features:bidi'/></stream:features>";
inline constexpr const char* kSuccess = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
inline constexpr const char* kStartTls = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
inline constexpr const char* kExternalAuth =
    "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>";

inline std::string stream_error(std::string_view condition) {
  return "<stream:error><" + std::string(condition) +
         " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>";
}

}  // namespace fedharness::hostile::lines
