#pragma once

#include <chrono>
#include <vector>

#include "pki/openssl_ptr.hpp"
#include "verify/trust_store.hpp"

namespace fedharness {

/// The purpose OpenSSL checks on every certificate of the chain
/// (X509_PURPOSE_SSL_SERVER / _SSL_CLIENT), intermediates included.
enum class Purpose { any, tls_server, tls_client };

/// The X509_PURPOSE_* OpenSSL checks for `purpose`, in X509_verify_cert as in
/// a TLS context (X509_PURPOSE_ANY checks nothing).
int openssl_purpose(Purpose purpose);

/// One error OpenSSL's verifier reported, and where in the chain.
struct VerifyFailure {
  int error;  // X509_V_ERR_*
  int depth;  // 0 is the leaf
  X509Ptr certificate;
};

struct ChainVerification {
  std::vector<VerifyFailure> failures;  // empty: the chain verified
  std::vector<X509Ptr> chain;           // as OpenSSL built it, leaf first
};

/// Whether the verifier may complete the chain with the CAs the harness knows
/// (TrustStore::known_intermediates): yes to tell what is missing from a
/// presented chain, no to verify as a TLS peer that holds only its store.
enum class KnownIntermediates { use, ignore };

/// Runs OpenSSL's own X509_verify_cert on `presented` (leaf first) at `at`. Every error is recorded
/// and verification goes on, so one run reports all of them. Key sizes and
/// signature digests are checked as a TLS end at OpenSSL security level
/// `security_level` checks them (0: left to the caller's own rules).
ChainVerification verify_chain(const TrustStore& trust, const std::vector<X509Ptr>& presented,
                               Purpose purpose, std::chrono::system_clock::time_point at,
                               KnownIntermediates known = KnownIntermediates::use,
                               int security_level = 0);

}  // namespace fedharness
