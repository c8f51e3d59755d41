#include "pki/lab_pki.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "pki/certificate_builder.hpp"
#include "util/bad_input.hpp"

namespace fedharness {
namespace {

using std::chrono::days;
using std::chrono::hours;
using Clock = std::chrono::system_clock;

// Since March 2026 public CAs issue TLS server certificates for at most 200
// days (CA/Browser Forum ballot SC-081); the lab's leaves live 180.
constexpr days kLeafLifetime{180};
constexpr days kIntermediateLifetime{5 * 365};
constexpr days kRootLifetime{20 * 365};
// Back-dated a little so that a peer whose clock lags does not see a future notBefore.
constexpr hours kBackdate{1};

IssuedCredential make_ca(const std::string& name, KeyType key_type, const Issuer& issuer,
                         std::vector<ExtendedKeyUsage> key_usages, days lifetime,
                         Clock::time_point now) {
  CertificateProfile profile{
      .common_name = name,
      .is_ca = true,
      .path_length = issuer.certificate != nullptr ? std::optional(0) : std::nullopt,
      .key_usages = std::move(key_usages),
      .not_before = now - kBackdate,
      .not_after = now + lifetime};
  IssuedCredential ca;
  ca.key = generate_key(key_type);
  ca.certificate = build_certificate(profile, ca.key.get(), issuer);
  return ca;
}

IssuedCredential make_root(const std::string& name, KeyType key_type, Clock::time_point now) {
  // A root has no EKU: it constrains nothing, as public roots do.
  return make_ca(name, key_type, Issuer{}, {}, kRootLifetime, now);
}

// Public issuing CAs carry an EKU of their own; until 2026 it listed both
// serverAuth and clientAuth.
IssuedCredential make_intermediate(const std::string& name, KeyType key_type,
                                   const IssuedCredential& root, bool server_only,
                                   Clock::time_point now) {
  std::vector<ExtendedKeyUsage> usages{ExtendedKeyUsage::server_auth};
  if (!server_only) {
    usages.push_back(ExtendedKeyUsage::client_auth);
  }
  return make_ca(name, key_type, Issuer{root.certificate.get(), root.key.get()}, usages,
                 kIntermediateLifetime, now);
}

void apply_validity_defects(CertificateProfile& profile, const DefectSet& defects,
                            Clock::time_point now) {
  if (defects.has(DefectKind::expired)) {
    profile.not_before = now - kLeafLifetime;
    profile.not_after = now - days{1};
  } else if (defects.has(DefectKind::not_yet_valid)) {
    profile.not_before = now + days{30};
    profile.not_after = now + days{30} + kLeafLifetime;
  } else if (defects.has(DefectKind::expires_soon)) {
    profile.not_before = now - kLeafLifetime + days{10};
    profile.not_after = now + days{10};
  }
}

// The leaf as the deployment should have it: every name, both EKUs, SHA-256,
// a fresh 180-day validity. Defects change it afterwards.
CertificateProfile good_leaf_profile(std::string common_name, std::string organization,
                                     std::vector<std::string> dns_names, Clock::time_point now) {
  return {.common_name = std::move(common_name),
          .organization = std::move(organization),
          .dns_names = std::move(dns_names),
          .key_usages = {ExtendedKeyUsage::server_auth, ExtendedKeyUsage::client_auth},
          .not_before = now - kBackdate,
          .not_after = now + kLeafLifetime};
}

// A missing-san or wildcard-san defect must name a SAN the certificate would
// otherwise carry, or it silently changes nothing.
void check_defects_apply(const CertificateProfile& profile, const DefectSet& defects) {
  for (const auto& defect : defects.all()) {
    bool names_a_san =
        defect.kind == DefectKind::missing_san || defect.kind == DefectKind::wildcard_san;
    if (names_a_san &&
        std::ranges::find(profile.dns_names, defect.argument) == profile.dns_names.end()) {
      throw BadInput(fmt::format("defect {}: {} is not a name on the certificate ({})",
                                 to_string(defect), defect.argument,
                                 fmt::join(profile.dns_names, ", ")));
    }
  }
}

void apply_profile_defects(CertificateProfile& profile, const DefectSet& defects,
                           Clock::time_point now) {
  check_defects_apply(profile, defects);
  std::erase_if(profile.dns_names, [&](const std::string& name) {
    return defects.omits_san(name) ||
           (name == profile.common_name && defects.has(DefectKind::subject_not_in_san));
  });
  // A wildcard stands for one whole left-most label (RFC 6125 §6.4.3).
  for (auto& name : profile.dns_names) {
    if (defects.wildcards_san(name)) {
      name = "*" + name.substr(name.find('.'));
    }
  }
  std::erase_if(profile.key_usages, [&](ExtendedKeyUsage usage) {
    return (usage == ExtendedKeyUsage::server_auth && defects.has(DefectKind::no_server_eku)) ||
           (usage == ExtendedKeyUsage::client_auth && defects.has(DefectKind::no_client_eku));
  });
  if (defects.has(DefectKind::sha1)) {
    profile.digest = SignatureDigest::sha1_weak;
  }
  apply_validity_defects(profile, defects, now);
}

// Issues a leaf from `profile` with `defects` applied: changes to the profile,
// to the key, to the issuer, or to the chain presented with it.
IssuedCredential issue_leaf(CertificateProfile profile, const DefectSet& defects, const LabPki& pki,
                            KeyType key_type, Clock::time_point now) {
  apply_profile_defects(profile, defects, now);
  IssuedCredential leaf;
  leaf.key = generate_key(defects.has(DefectKind::weak_key) ? KeyType::rsa_1024_weak : key_type);
  if (defects.has(DefectKind::self_signed)) {
    leaf.certificate = build_certificate(profile, leaf.key.get(), Issuer{});
    return leaf;
  }
  // The issuer is the lab's own intermediate unless a defect asks for another
  // one: from an untrusted hierarchy, or the serverAuth-only one.
  IssuedCredential other_issuer;
  if (defects.has(DefectKind::untrusted_ca)) {
    IssuedCredential untrusted_root = make_root("fedharness Untrusted Root CA", key_type, now);
    other_issuer =
        make_intermediate("fedharness Untrusted Issuing CA", key_type, untrusted_root, false, now);
  }
  const IssuedCredential& issuer = other_issuer.certificate ? other_issuer
                                   : defects.has(DefectKind::server_only_issuer)
                                       ? pki.server_only_intermediate
                                       : pki.intermediate;
  leaf.certificate = build_certificate(profile, leaf.key.get(),
                                       Issuer{issuer.certificate.get(), issuer.key.get()});
  if (!defects.has(DefectKind::no_intermediate)) {
    leaf.chain.push_back(share(issuer.certificate.get()));
  }
  return leaf;
}

}  // namespace

IssuedCredential issue_partner_credential(const LabPki& pki, const std::string& domain,
                                          KeyType key_type, Clock::time_point now,
                                          const DefectSet& defects) {
  return issue_leaf(good_leaf_profile("sip." + domain, domain, {"sip." + domain, domain}, now),
                    defects, pki, key_type, now);
}

LabPki issue_lab_authorities(KeyType key_type, Clock::time_point now) {
  LabPki pki;
  pki.root = make_root("fedharness Lab Root CA", key_type, now);
  pki.intermediate = make_intermediate("fedharness Lab Issuing CA", key_type, pki.root, false, now);
  pki.server_only_intermediate =
      make_intermediate("fedharness ServerAuth-only Issuing CA", key_type, pki.root, true, now);
  return pki;
}

LabPki issue_lab_pki(const CertificateRequirements& requirements, const LabPkiOptions& options) {
  LabPki pki = issue_lab_authorities(options.key_type, options.now);
  std::vector<std::string> names;
  for (const auto& name : requirements.names) {
    names.push_back(name.dns_name);
  }
  pki.edge = issue_leaf(
      good_leaf_profile(requirements.subject_cn, "Contoso lab Edge", std::move(names), options.now),
      options.defects, pki, options.key_type, options.now);
  for (const auto& domain : options.partner_domains) {
    pki.partners.emplace_back(domain,
                              issue_partner_credential(pki, domain, options.key_type, options.now));
  }
  return pki;
}

}  // namespace fedharness
