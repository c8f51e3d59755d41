#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "pki/certificate_info.hpp"
#include "topology/requirements.hpp"
#include "verify/finding.hpp"
#include "verify/trust_store.hpp"

namespace fedharness {

/// One requirement of the topology on the certificate, and what the check saw.
struct CheckedRequirement {
  std::string requirement;  // "DNS SAN sip.fabrikam.com (SIP domain fabrikam.com)"
  std::string evidence;     // what was seen, whether it passed or not
  std::vector<Finding> findings;

  bool has_error() const;
};

struct CertificateCheckReport {
  std::vector<CertificateInfo> presented;  // leaf first, as the Edge would send them
  std::vector<CheckedRequirement> requirements;

  std::vector<Finding> findings() const;
  size_t count(Severity severity) const;
};

struct CertificateCheckInput {
  const CertificateRequirements& requirements;
  const std::vector<X509Ptr>& presented;  // leaf first
  /// False when the file can only hold the leaf (DER): then whether the Edge
  /// will send its intermediates cannot be told from the file.
  bool chain_presented = true;
  EVP_PKEY* private_key = nullptr;  // checked against the leaf when given
  const TrustStore& trust;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Partner kinds that check the client purpose of the certificate the Edge
  // presents when it connects ("openssl-default", ...): a certificate
  // without clientAuth is a warning naming them even where the topology
  // does not demand it.
  std::vector<std::string> client_purpose_checkers;
};

/// Checks the external Edge certificate against every requirement of the
/// topology. Chain, validity and purpose verdicts come from OpenSSL's own
/// verifier (X509_verify_cert) run as a partner would run it; names, key
/// sizes and digests from the certificate's fields.
CertificateCheckReport check_certificate(const CertificateCheckInput& input);

}  // namespace fedharness
