#include "report/offending_field.hpp"

#include <algorithm>
#include <string_view>

#include "verify/verify_error_codes.hpp"

namespace fedharness {
namespace {

using enum FindingCode;

Purpose purpose_of(FindingCode code) {
  return code == eku_client_missing ? Purpose::tls_client : Purpose::tls_server;
}

// The depth at which the end's verifier reported an error standing for `code`.
std::optional<size_t> verifier_depth(FindingCode code, const TlsSummary& tls) {
  // CHAIN_INCOMPLETE is an untrusted chain whose missing issuer the harness
  // knows: OpenSSL's error is the one for an untrusted chain.
  FindingCode error_code = code == chain_incomplete ? chain_untrusted : code;
  for (const auto& failure : tls.verify_failures) {
    if (failure.depth >= 0 &&
        finding_for_verify_error(failure.error, purpose_of(code)) == error_code) {
      return static_cast<size_t>(failure.depth);
    }
  }
  return std::nullopt;
}

// RFC 5280 §4.2.1.12: an absent EKU allows every purpose, as does anyExtendedKeyUsage.
bool eku_lacks(const CertificateSummary& certificate, std::string_view purpose) {
  if (!certificate.eku) {
    return false;
  }
  const auto& eku = *certificate.eku;
  return std::ranges::find(eku, purpose) == eku.end() &&
         std::ranges::find(eku, "anyExtendedKeyUsage") == eku.end();
}

size_t first_eku_lacking(FindingCode code, const std::vector<CertificateSummary>& chain) {
  std::string_view purpose = code == eku_client_missing ? "clientAuth" : "serverAuth";
  auto found = std::ranges::find_if(chain, [&](const CertificateSummary& certificate) {
    return eku_lacks(certificate, purpose);
  });
  return found == chain.end() ? 0 : static_cast<size_t>(found - chain.begin());
}

std::optional<CertificateField> field_of(FindingCode code) {
  switch (code) {
    case subject_mismatch:
      return CertificateField::subject;
    case san_missing:
    case subject_not_in_san:
    case name_mismatch:
      return CertificateField::sans;
    case eku_server_missing:
    case eku_client_missing:
      return CertificateField::eku;
    case cert_expired:
    case cert_not_yet_valid:
    case cert_expires_soon:
      return CertificateField::validity;
    case cert_self_signed:
    case chain_untrusted:
    case chain_incomplete:
      return CertificateField::issuer;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<OffendingField> offending_field(FindingCode code, const TlsSummary& tls) {
  std::optional<CertificateField> field = field_of(code);
  const auto& chain = tls.peer_chain;
  if (!field || chain.empty()) {
    return std::nullopt;
  }
  size_t top = chain.size() - 1;
  size_t depth = 0;
  if (auto named = verifier_depth(code, tls)) {
    depth = *named;
  } else if (*field == CertificateField::issuer) {
    depth = top;
  } else if (*field == CertificateField::eku) {
    depth = first_eku_lacking(code, chain);
  }
  // The verifier may name a trust anchor from its own store, above the chain sent.
  return OffendingField{*field, std::min(depth, top)};
}

}  // namespace fedharness
