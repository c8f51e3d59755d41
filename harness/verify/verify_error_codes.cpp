#include "verify/verify_error_codes.hpp"

#include <fmt/core.h>
#include <openssl/x509_vfy.h>

#include "pki/certificate_info.hpp"
#include "verify/invalid_chain.hpp"

namespace fedharness {

std::optional<FindingCode> finding_for_verify_error(int error, Purpose purpose) {
  switch (error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return FindingCode::cert_expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return FindingCode::cert_not_yet_valid;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return FindingCode::cert_self_signed;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
      return FindingCode::chain_untrusted;
    case X509_V_ERR_INVALID_PURPOSE:
      return purpose == Purpose::tls_client ? FindingCode::eku_client_missing
                                            : FindingCode::eku_server_missing;
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
      return FindingCode::key_too_weak;
    case X509_V_ERR_CA_MD_TOO_WEAK:
      return FindingCode::signature_weak;
    case X509_V_ERR_DANE_NO_MATCH:
      return FindingCode::dane_mismatch;
    default:
      break;
  }
  if (invalid_chain_reason(error)) {
    return FindingCode::chain_invalid;
  }
  return std::nullopt;
}

namespace {

bool issuer_missing(const VerifyFailure& failure) {
  return failure.certificate && (failure.error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                                 failure.error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
                                 failure.error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
}

}  // namespace

std::optional<std::string> missing_issuer(const VerifyFailure& failure, const TrustStore& trust) {
  if (!issuer_missing(failure)) {
    return std::nullopt;
  }
  X509* certificate = failure.certificate.get();
  if (const TrustStore::Known* known = known_issuer_of(trust, certificate)) {
    return fmt::format("its issuer {} (known from {}) was not sent",
                       inspect_certificate(known->certificate.get()).subject, known->source);
  }
  CertificateInfo info = inspect_certificate(certificate);
  if (!info.ca_issuers.empty()) {
    return fmt::format(
        "its issuer {} is published at {} (AIA caIssuers) but was not sent, and partners do not "
        "fetch it",
        info.issuer, info.ca_issuers.front());
  }
  return std::nullopt;
}

FindingCode finding_for_failure(const VerifyFailure& failure, Purpose purpose,
                                const TrustStore& trust, FindingCode otherwise) {
  if (missing_issuer(failure, trust)) {
    return FindingCode::chain_incomplete;
  }
  return finding_for_verify_error(failure.error, purpose).value_or(otherwise);
}

std::string describe_verify_error(const VerifyFailure& failure, const TrustStore& trust) {
  std::string text =
      fmt::format("{} at depth {}", X509_verify_cert_error_string(failure.error), failure.depth);
  if (auto reason = invalid_chain_reason(failure.error)) {
    text += fmt::format(": {}; fix: {}", reason->what, reason->fix);
  } else if (auto missing = missing_issuer(failure, trust)) {
    text += ": " + *missing;
  }
  return text;
}

}  // namespace fedharness
