#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "transcript/transcript.hpp"

namespace fedharness::net {

/// Records in `transcript` one TLS message of `ssl`, as OpenSSL's message
/// callback hands it over (decrypted, as `openssl s_client -msg` shows it):
/// handshake messages by name, the SNI and versions of a ClientHello, the
/// version and cipher of a ServerHello, what a Certificate message holds (an
/// empty one is a certificate not presented), and alerts by their RFC 8446 §6
/// names. Record headers and the rest say nothing and are left out.
void transcribe_tls_message(Transcript& transcript, SSL* ssl, bool sent, int content_type,
                            std::span<const uint8_t> message);

/// One verdict of our verifier on the certificate at `depth` (0: the leaf):
/// `error` is X509_V_OK or an X509_V_ERR_*; `detail` says more (a name
/// check's evidence), or in place of "ok" what an X509_V_OK means.
void transcribe_verify_result(Transcript& transcript, int depth, X509* certificate, int error,
                              std::string_view detail = {});

/// The handshake's end, with the version and cipher negotiated.
void transcribe_handshake_done(Transcript& transcript, const SSL* ssl);

}  // namespace fedharness::net
