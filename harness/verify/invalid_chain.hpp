#pragma once

#include <optional>
#include <string_view>

namespace fedharness {

/// Why a chain is invalid in itself, whoever trusts it: an OpenSSL
/// verification error that says the certificates are malformed or break a
/// constraint of RFC 5280 §6 (path length, name constraints, a CA that is
/// not one, a critical extension not understood), with what to do.
struct InvalidChainReason {
  int error;  // X509_V_ERR_*
  std::string_view what;
  std::string_view fix;
};

/// The reason for `error`, or none when the error is not one of an invalid
/// chain (an unknown issuer, an expired certificate, a wrong purpose...).
std::optional<InvalidChainReason> invalid_chain_reason(int error);

}  // namespace fedharness
