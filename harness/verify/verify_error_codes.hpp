#pragma once

#include <optional>

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

}  // namespace fedharness
