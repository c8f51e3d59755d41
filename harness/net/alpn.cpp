#include "net/alpn.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "pki/openssl_error.hpp"

namespace fedharness::net {
namespace {

int select_xmpp_server(SSL*, const unsigned char** out, unsigned char* out_length,
                       const unsigned char* offered, unsigned int offered_length, void*) {
  // The offer is a list of length-prefixed names (RFC 7301 §3.1).
  for (unsigned int at = 0; at < offered_length;) {
    unsigned int length = offered[at];
    if (at + 1 + length > offered_length) {
      break;  // a malformed list offers nothing more
    }
    std::string_view name(reinterpret_cast<const char*>(offered + at + 1), length);
    if (name == kXmppServerAlpn) {
      *out = offered + at + 1;
      *out_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    at += 1 + length;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

void offer_alpn(SSL* ssl, std::string_view protocol) {
  std::vector<unsigned char> wire;
  wire.push_back(static_cast<unsigned char>(protocol.size()));
  std::ranges::copy(protocol, std::back_inserter(wire));
  // SSL_set_alpn_protos returns 0 on success, unlike most of OpenSSL.
  if (SSL_set_alpn_protos(ssl, wire.data(), static_cast<unsigned int>(wire.size())) != 0) {
    throw OpensslError("SSL_set_alpn_protos");
  }
}

void acknowledge_xmpp_server_alpn(SSL_CTX* context) {
  SSL_CTX_set_alpn_select_cb(context, select_xmpp_server, nullptr);
}

std::string negotiated_alpn(const SSL* ssl) {
  const unsigned char* name = nullptr;
  unsigned int length = 0;
  SSL_get0_alpn_selected(ssl, &name, &length);
  return name == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(name), length);
}

std::string describe_direct_tls(const SSL* ssl) {
  std::string alpn = negotiated_alpn(ssl);
  return alpn.empty() ? std::string("direct TLS (no ALPN)")
                      : fmt::format("direct TLS (ALPN {})", alpn);
}

}  // namespace fedharness::net
