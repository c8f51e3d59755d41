#pragma once

#include <optional>
#include <string>

#include "verify/chain_verification.hpp"
#include "verify/finding_code.hpp"

namespace fedharness {

/// The finding an OpenSSL verification error (X509_V_ERR_*) stands for, when
/// checking for `purpose`; nullopt for errors without a code of their own.
std::optional<FindingCode> finding_for_verify_error(int error, Purpose purpose);

/// When `failure` is an issuer missing that exists all the same, which
/// says the chain was sent incomplete rather than untrusted: "its issuer
/// CN=... (known from FILE) was not sent" when `trust` knows it, or "... is
/// published at URL (AIA caIssuers) ..." when the certificate says where.
std::optional<std::string> missing_issuer(const VerifyFailure& failure, const TrustStore& trust);

/// The finding for a verifier's failure as a TLS peer makes it: as above,
/// except that an issuer missing that exists (missing_issuer) is
/// CHAIN_INCOMPLETE: the Edge did not send it.
/// `otherwise` is the code of an error without one of its own: a handshake
/// that failed, or (for the static check) a chain not trusted.
FindingCode finding_for_failure(const VerifyFailure& failure, Purpose purpose,
                                const TrustStore& trust,
                                FindingCode otherwise = FindingCode::tls_handshake_failed);

/// "path length constraint exceeded at depth 1": OpenSSL's words for the
/// failure and where; for an invalid chain (CHAIN_INVALID), followed by
/// what is wrong and its fix; for an incomplete one, by the missing issuer.
std::string describe_verify_error(const VerifyFailure& failure, const TrustStore& trust);

}  // namespace fedharness
