#include "scenario/renewal_whatif.hpp"

#include <memory>
#include <tuple>

#include "pki/credential_loader.hpp"
#include "util/files.hpp"

namespace fedharness {
namespace {

bool same_verdict(const PartnerDirection& a, const PartnerDirection& b) {
  if (!a.reason.empty() || !b.reason.empty()) {
    return a.reason.empty() == b.reason.empty();
  }
  return a.observed.passed == b.observed.passed && a.observed.code == b.observed.code;
}

bool accepts(const PartnerDirection& direction) {
  return direction.reason.empty() && direction.observed.passed;
}

}  // namespace

bool PartnerChange::breaks() const {
  return accepts(*before) && !accepts(*after);
}

std::vector<PartnerChange> changes_of(const RenewalWhatIf& whatif, const RenewalResult& renewal) {
  std::vector<PartnerChange> changes;
  // Both matrices ran the same policies in the same order.
  for (size_t i = 0; i < whatif.before.size() && i < renewal.partners.size(); ++i) {
    const PartnerRow& before = whatif.before[i];
    const PartnerRow& after = renewal.partners[i];
    for (auto [direction, was, is] :
         {std::tuple{Direction::inbound, &before.inbound, &after.inbound},
          std::tuple{Direction::outbound, &before.outbound, &after.outbound}}) {
      if (!same_verdict(*was, *is)) {
        changes.push_back({&before, direction, was, is});
      }
    }
  }
  return changes;
}

RenewalWhatIf run_renewal_whatif(const Topology& topology, const UserCertificate& current,
                                 const TrustSpec& trust, const std::vector<Renewal>& renewals,
                                 const std::vector<Policy>& policies,
                                 std::optional<std::chrono::system_clock::time_point> at) {
  std::optional<std::string> password;
  if (!current.password_file.empty()) {
    password = read_password_file(current.password_file);
  }
  LoadedCredential loaded = load_credential(current.cert, password);
  RenewalWhatIf whatif{
      .certificate = inspect_certificate(loaded.certificates.front().get()),
      .before = run_partner_matrix(topology, {.files = current, .trust = trust}, policies, at)};
  // The renewals are issued now; the lab's CAs are valid around `at` too, so
  // that only the renewal's own dates can make it out of date then.
  auto now = std::chrono::system_clock::now();
  auto lab =
      std::make_shared<const LabPki>(issue_lab_authorities(KeyType::ec_p256, at.value_or(now)));
  for (const Renewal& renewal : renewals) {
    auto renewed = std::make_shared<const IssuedCredential>(
        renew_certificate(loaded.certificates, renewal, *lab, now));
    whatif.after.push_back(RenewalResult{
        .renewal = renewal,
        .certificate = inspect_certificate(renewed->certificate.get()),
        .chain_presented = !renewed->chain.empty(),
        .partners = run_partner_matrix(
            topology, {.issued = renewed, .trust = {.kind = TrustSpec::Kind::lab, .lab = lab}},
            policies, at)});
  }
  return whatif;
}

}  // namespace fedharness
