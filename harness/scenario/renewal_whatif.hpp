#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "pki/certificate_info.hpp"
#include "pki/renewal.hpp"
#include "scenario/partner_matrix.hpp"

namespace fedharness {

/// One renewal of the certificate and how each partner takes it.
struct RenewalResult {
  Renewal renewal;
  CertificateInfo certificate;  // the re-issued leaf
  bool chain_presented = false;
  std::vector<PartnerRow> partners;
};

/// The partner matrix of a certificate as it is and as each renewal would
/// make it: "my CA will reissue without clientAuth, from a serverAuth-only
/// issuing CA: who breaks?"
struct RenewalWhatIf {
  CertificateInfo certificate;
  std::vector<PartnerRow> before;
  std::vector<RenewalResult> after;
};

/// One cell of the matrix that a renewal changes.
struct PartnerChange {
  const PartnerRow* row;  // the row before the renewal
  Direction direction;
  const PartnerDirection* before;
  const PartnerDirection* after;

  /// Accepted as the certificate is, refused as renewed.
  bool breaks() const;
};

/// The cells where `renewal`'s verdict (pass, or the code of the failure)
/// differs from the certificate's as it is, in matrix order.
std::vector<PartnerChange> changes_of(const RenewalWhatIf& whatif, const RenewalResult& renewal);

/// Runs the partner matrix for `current` (partners trusting `trust`), then
/// for each renewal of it: re-issued now by a lab CA standing in for the
/// public CA (pki/renewal.hpp), partners trusting that lab's root as they
/// trust the public one. Every verdict comes from real handshakes; with
/// `at`, validity is judged as of then.
RenewalWhatIf run_renewal_whatif(const Topology& topology, const UserCertificate& current,
                                 const TrustSpec& trust, const std::vector<Renewal>& renewals,
                                 const std::vector<Policy>& policies,
                                 std::optional<std::chrono::system_clock::time_point> at);

}  // namespace fedharness
