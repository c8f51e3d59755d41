#include "scenario/environment.hpp"

#include <fmt/core.h>

#include "pki/credential_loader.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness {
namespace {

// A verifier that trusts the lab root and holds nothing else, as a partner
// trusts a public root. The lab's issuing CAs are known to the harness (not
// to the verifier), which tells CHAIN_INCOMPLETE from CHAIN_UNTRUSTED.
TrustStore lab_root_trust(const LabPki& lab) {
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(lab.root.certificate.get()));
  TrustStore trust = trust_store_from_certificates(anchors, "the lab root");
  for (const IssuedCredential* ca : {&lab.intermediate, &lab.server_only_intermediate}) {
    trust.known_intermediates.push_back({share(ca->certificate.get()), "the lab"});
  }
  return trust;
}

TrustStore partner_trust_for(const TrustSpec& trust, const LabPki& lab) {
  switch (trust.kind) {
    case TrustSpec::Kind::system:
      return system_trust_store();
    case TrustSpec::Kind::file:
      return trust_store_from_file(trust.file);
    case TrustSpec::Kind::lab:
      break;
  }
  return lab_root_trust(trust.lab ? *trust.lab : lab);
}

}  // namespace

IssuedCredential load_user_credential(const UserCertificate& certificate) {
  std::optional<std::string> password;
  if (!certificate.password_file.empty()) {
    password = read_password_file(certificate.password_file);
  }
  LoadedCredential loaded = load_credential(certificate.cert, password);
  IssuedCredential credential;
  credential.certificate = std::move(loaded.certificates.front());
  for (size_t i = 1; i < loaded.certificates.size(); ++i) {
    credential.chain.push_back(std::move(loaded.certificates[i]));
  }
  credential.key =
      certificate.key.empty() ? std::move(loaded.key) : load_private_key(certificate.key, password);
  if (!credential.key) {
    throw BadInput(
        fmt::format("{}: no private key in it; give the key file (--key, or key: in a scenario)",
                    certificate.cert.string()));
  }
  if (X509_check_private_key(credential.certificate.get(), credential.key.get()) != 1) {
    throw BadInput(
        fmt::format("{}: the private key does not belong to the certificate",
                    (certificate.key.empty() ? certificate.cert : certificate.key).string()));
  }
  return credential;
}

ScenarioEnvironment::ScenarioEnvironment(const Scenario& scenario,
                                         std::chrono::system_clock::time_point lab_time)
    : lab_(issue_lab_pki(derive_requirements(scenario.topology),
                         {.defects = scenario.edge.defects, .now = lab_time})),
      edge_trust_(lab_root_trust(lab_)),
      partner_trust_(partner_trust_for(scenario.trust, lab_)) {
  if (!scenario.edge.partner_roots.empty()) {
    add_trusted_file(edge_trust_, scenario.edge.partner_roots);
  }
  if (scenario.edge.issued_certificate) {
    issued_identity_ = scenario.edge.issued_certificate;
    edge_identity_ = issued_identity_.get();
  } else if (scenario.edge.user_certificate) {
    user_identity_ = load_user_credential(*scenario.edge.user_certificate);
    edge_identity_ = &user_identity_;
  } else {
    edge_identity_ = &lab_.edge;
  }
  // Paths with the same partner and the same certificate share one
  // credential, and with it one TLS context per policy.
  for (const auto& path : scenario.paths) {
    const PartnerCertificate& certificate = path.partner_certificate;
    if (path.partner_server) {
      continue;  // a real server presents its own
    }
    std::string key;
    switch (certificate.kind) {
      case PartnerCertificate::Kind::none:
        continue;
      case PartnerCertificate::Kind::lab:
        key = "lab " + path.partner;
        for (const auto& defect : certificate.defects.all()) {
          key += " " + to_string(defect);
        }
        break;
      case PartnerCertificate::Kind::file:
        key = "file " + certificate.file.cert.string() + " " + certificate.file.key.string();
        break;
    }
    auto [credential, added] = partners_.try_emplace(key);
    if (added) {
      credential->second = certificate.kind == PartnerCertificate::Kind::lab
                               ? issue_partner_credential(lab_, path.partner, KeyType::ec_p256,
                                                          lab_time, certificate.defects)
                               : load_user_credential(certificate.file);
    }
    partner_of_path_.emplace(&path, &credential->second);
  }
}

const IssuedCredential* ScenarioEnvironment::partner_identity(const PathSpec& path) const {
  auto found = partner_of_path_.find(&path);
  return found == partner_of_path_.end() ? nullptr : found->second;
}

}  // namespace fedharness
