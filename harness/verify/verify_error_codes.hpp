#pragma once

#include <optional>
#include <string>

#include "verify/chain_verification.hpp"
#include "verify/finding_code.hpp"

namespace fedharness {

/// The finding an OpenSSL verification error (X509_V_ERR_*) stands for, when
/// checking for `purpose`; nullopt for errors without a code of their own.
std::optional<FindingCode> finding_for_verify_error(int error, Purpose purpose);

/// The finding for a verifier's failure as a TLS peer makes it: as above,
/// except that a missing issuer the harness knows (`trust`'s known
/// intermediates) is CHAIN_INCOMPLETE: the Edge did not send it.
FindingCode finding_for_failure(const VerifyFailure& failure, Purpose purpose,
                                const TrustStore& trust);

/// "path length constraint exceeded at depth 1": OpenSSL's words for the
/// failure and where; for an invalid chain (CHAIN_INVALID), followed by
/// what is wrong and its fix.
std::string describe_verify_error(const VerifyFailure& failure);

}  // namespace fedharness
