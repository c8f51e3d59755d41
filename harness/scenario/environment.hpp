#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "pki/lab_pki.hpp"
#include "scenario/scenario.hpp"
#include "verify/trust_store.hpp"

namespace fedharness {

/// The certificates and trust a scenario runs with: the lab PKI (with the
/// Edge's defects) or the user's own Edge certificate, the partners'
/// certificates issued on demand, what the Edge trusts (the lab root, which
/// issued the partners) and what the partners trust (the scenario's `trust`).
class ScenarioEnvironment {
 public:
  /// The lab's certificates are issued valid around `lab_time` (now, or a
  /// run's --at), so that only the user's own certificates can be out of date.
  ScenarioEnvironment(const Scenario& scenario, std::chrono::system_clock::time_point lab_time);

  const IssuedCredential& edge_identity() const { return *edge_identity_; }
  const TrustStore& edge_trust() const { return edge_trust_; }
  const TrustStore& partner_trust() const { return partner_trust_; }

  /// What the partner of `path` presents, or null for no certificate: the
  /// lab's partner-<domain> (SANs sip.<domain> and <domain>, both EKUs, with
  /// the path's defects) or the path's certificate files. Issued up front, so
  /// the paths running on several threads only read.
  const IssuedCredential* partner_identity(const PathSpec& path) const;

 private:
  LabPki lab_;
  IssuedCredential user_identity_;
  std::shared_ptr<const IssuedCredential> issued_identity_;  // a what-if renewal's
  const IssuedCredential* edge_identity_ = nullptr;
  TrustStore edge_trust_;
  TrustStore partner_trust_;
  std::map<std::string, IssuedCredential> partners_;  // by partner and certificate
  std::map<const PathSpec*, const IssuedCredential*> partner_of_path_;
};

/// The user's own Edge certificate, chain and key (PEM or PKCS#12).
IssuedCredential load_user_credential(const UserCertificate& certificate);

}  // namespace fedharness
