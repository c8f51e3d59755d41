#pragma once

#include <cstddef>
#include <optional>

#include "report/run_report.hpp"
#include "verify/finding_code.hpp"

namespace fedharness {

/// A field of a certificate, as the HTML report shows one.
enum class CertificateField { subject, sans, eku, issuer, validity };

/// The field of one certificate of a chain that a finding is about: what the
/// report highlights, so that a person sees what to change.
struct OffendingField {
  CertificateField field = CertificateField::subject;
  size_t depth = 0;  // in the chain, 0 the leaf

  bool operator==(const OffendingField&) const = default;
};

/// The field `code` is about in the chain an end was presented (`tls` is that
/// end's: its peer chain and its verifier's failures). The depth is the one
/// the verifier named for an error standing for `code` when it did; else the
/// leaf for names and validity, the top certificate for its issuer, and for
/// EKU the first certificate whose EKU lacks the purpose (a CA's restricts
/// the chain below it). nullopt for codes about no certificate field
/// (TIMEOUT, TLS_NO_SHARED_CIPHER, ...) and for an empty chain.
std::optional<OffendingField> offending_field(FindingCode code, const TlsSummary& tls);

}  // namespace fedharness
