#pragma once

#include <openssl/evp.h>

#include "verify/policy.hpp"

namespace fedharness::net {

/// Whether a client and a server verifying with these policies have a cipher
/// suite in common, for a TLS version both allow, that the server can use
/// with its certificate's key: the choice OpenSSL's server makes, which ends
/// in SSL_R_NO_SHARED_CIPHER (alert handshake_failure) when there is none.
/// Each side's list is OpenSSL's own for its policy, security level included.
bool share_a_cipher(const Policy& client, const Policy& server, EVP_PKEY* server_key);

}  // namespace fedharness::net
