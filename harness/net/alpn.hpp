#pragma once

#include <openssl/ssl.h>

#include <string>
#include <string_view>

namespace fedharness::net {

/// XEP-0368 §3: the protocol id of server-to-server XMPP over direct TLS.
inline constexpr std::string_view kXmppServerAlpn = "xmpp-server";

/// A client offers `protocol` in its ClientHello (RFC 7301 §3.1).
void offer_alpn(SSL* ssl, std::string_view protocol);

/// A server context acknowledges "xmpp-server" when a client offers it, and
/// ignores ALPN otherwise: SIP clients send none, and a server that
/// implements no protocol the client offers may ignore the extension
/// (RFC 7301 §3.2) rather than abort as one that speaks others must.
void acknowledge_xmpp_server_alpn(SSL_CTX* context);

/// The protocol the handshake agreed on; empty when none was.
std::string negotiated_alpn(const SSL* ssl);

/// How a direct-TLS stream (XEP-0368) was set up, for evidence:
/// "direct TLS (ALPN xmpp-server)", or "(no ALPN)" when none was agreed.
std::string describe_direct_tls(const SSL* ssl);

}  // namespace fedharness::net
