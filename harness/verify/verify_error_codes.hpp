#pragma once

#include <optional>

#include "verify/chain_verification.hpp"
#include "verify/finding_code.hpp"

namespace fedharness {

/// The finding an OpenSSL verification error (X509_V_ERR_*) stands for, when
/// checking for `purpose`; nullopt for errors without a code of their own.
std::optional<FindingCode> finding_for_verify_error(int error, Purpose purpose);

}  // namespace fedharness
