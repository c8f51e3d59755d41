#include "verify/invalid_chain.hpp"

#include <openssl/x509_vfy.h>

#include <algorithm>
#include <array>

namespace fedharness {
namespace {

constexpr std::string_view kReissueMalformed =
    "the certificate is malformed: have the CA reissue it (a certificate edited after "
    "signing, or made by a broken tool, cannot be repaired by the holder)";
constexpr std::string_view kNotACa =
    "present the issuing CA's own certificate after the leaf (as the CA publishes it), not "
    "another end-entity certificate";
constexpr std::string_view kNameConstraints =
    "request only names the issuing CA may certify (RFC 5280 §4.2.1.10), or a certificate from "
    "a CA without such constraints";

constexpr std::array kReasons{
    InvalidChainReason{X509_V_ERR_PATH_LENGTH_EXCEEDED,
                       "a CA's pathLenConstraint allows fewer CAs below it than the chain has "
                       "(RFC 5280 §4.2.1.9)",
                       "present the chain the CA publishes (an extra cross-certificate or a "
                       "wrong intermediate lengthens it)"},
    InvalidChainReason{X509_V_ERR_PERMITTED_VIOLATION,
                       "a name of the certificate lies outside the subtrees an issuing CA's name "
                       "constraints permit",
                       kNameConstraints},
    InvalidChainReason{X509_V_ERR_EXCLUDED_VIOLATION,
                       "a name of the certificate lies in a subtree an issuing CA's name "
                       "constraints exclude",
                       kNameConstraints},
    InvalidChainReason{X509_V_ERR_SUBTREE_MINMAX,
                       "an issuing CA's name constraints use minimum or maximum, which RFC 5280 "
                       "§4.2.1.10 forbids",
                       kNameConstraints},
    InvalidChainReason{X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE,
                       "an issuing CA's name constraints are of a type the verifier cannot check",
                       kNameConstraints},
    InvalidChainReason{X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX,
                       "an issuing CA's name constraints do not parse", kNameConstraints},
    InvalidChainReason{X509_V_ERR_UNSUPPORTED_NAME_SYNTAX,
                       "a name of the certificate cannot be checked against an issuing CA's "
                       "name constraints",
                       kNameConstraints},
    InvalidChainReason{X509_V_ERR_INVALID_CA,
                       "a certificate that issued another is not a CA (basicConstraints CA:FALSE "
                       "or absent)",
                       kNotACa},
    InvalidChainReason{X509_V_ERR_KEYUSAGE_NO_CERTSIGN,
                       "an issuing certificate's key usage lacks keyCertSign", kNotACa},
    InvalidChainReason{X509_V_ERR_INVALID_NON_CA, "an end-entity certificate is used as a CA",
                       kNotACa},
    InvalidChainReason{X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION,
                       "a certificate has a critical extension the verifier does not understand, "
                       "and must refuse it (RFC 5280 §4.2)",
                       "have the CA reissue without that extension, or with it not critical"},
    InvalidChainReason{X509_V_ERR_INVALID_EXTENSION,
                       "a certificate has an extension that does not parse (a subjectAltName, "
                       "basicConstraints or key usage)",
                       kReissueMalformed},
    InvalidChainReason{X509_V_ERR_INVALID_POLICY_EXTENSION,
                       "a certificate has a policy extension that does not parse",
                       kReissueMalformed},
    InvalidChainReason{X509_V_ERR_CERT_SIGNATURE_FAILURE,
                       "a certificate's signature does not verify with its issuer's key",
                       "present the issuer that signed it; if that is the one presented, the "
                       "certificate was altered: have the CA reissue it"},
    InvalidChainReason{X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY,
                       "an issuing certificate's public key does not parse", kReissueMalformed},
    InvalidChainReason{X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD,
                       "a certificate's notBefore is malformed", kReissueMalformed},
    InvalidChainReason{X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD,
                       "a certificate's notAfter is malformed", kReissueMalformed},
    InvalidChainReason{X509_V_ERR_EC_KEY_EXPLICIT_PARAMS,
                       "a certificate's EC key spells out its curve's parameters instead of "
                       "naming the curve (RFC 5480 §2.1.1)",
                       "have the CA reissue for a key on a named curve (P-256)"},
    InvalidChainReason{X509_V_ERR_PATH_LOOP, "the certificates issue each other in a loop",
                       "present the chain the CA publishes, leaf first"},
};

}  // namespace

std::optional<InvalidChainReason> invalid_chain_reason(int error) {
  auto found = std::ranges::find(kReasons, error, &InvalidChainReason::error);
  if (found == kReasons.end()) {
    return std::nullopt;
  }
  return *found;
}

}  // namespace fedharness
