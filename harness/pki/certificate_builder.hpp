#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pki/openssl_ptr.hpp"

namespace fedharness {

enum class ExtendedKeyUsage { server_auth, client_auth };

enum class SignatureDigest { sha256, sha1_weak };

/// What goes into one certificate. The lab PKI fills these in; defects are
/// changes to a profile, never special code paths in the builder.
struct CertificateProfile {
  std::string common_name;
  std::string organization = "fedharness lab";
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries, in order
  bool is_ca = false;
  std::optional<int> path_length;            // CAs only
  std::vector<ExtendedKeyUsage> key_usages;  // empty: no EKU extension at all
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  SignatureDigest digest = SignatureDigest::sha256;
};

/// The signer of a certificate; a self-signed certificate signs with its own key.
struct Issuer {
  X509* certificate = nullptr;  // nullptr: self-signed
  EVP_PKEY* key = nullptr;
};

/// Builds and signs an X.509 v3 certificate (RFC 5280) for `subject_key`.
X509Ptr build_certificate(const CertificateProfile& profile, EVP_PKEY* subject_key,
                          const Issuer& issuer);

/// What re-issuing a certificate changes besides its key, serial and issuer.
struct Reissue {
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  std::optional<std::vector<ExtendedKeyUsage>> key_usages;  // none: the EKU as it was
};

/// Re-issues `original` for `subject_key`, signed with SHA-256 by `issuer`
/// (a CA): the same subject and extensions (every SAN, policies), a new
/// serial and validity, and what belonged to the old key or CA made anew or
/// dropped (key usage and key identifiers; CRL and AIA locations, CT SCTs).
X509Ptr reissue_certificate(X509* original, const Reissue& changes, EVP_PKEY* subject_key,
                            const Issuer& issuer);

}  // namespace fedharness
