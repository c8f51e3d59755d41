#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "pki/defect.hpp"
#include "pki/key.hpp"
#include "pki/openssl_ptr.hpp"
#include "topology/requirements.hpp"

namespace fedharness {

/// A certificate with its key and the CA certificates its holder presents
/// after it (leaf first, then intermediates; never the root).
struct IssuedCredential {
  X509Ptr certificate;
  EvpPkeyPtr key;
  std::vector<X509Ptr> chain;
};

struct LabPkiOptions {
  KeyType key_type = KeyType::ec_p256;
  DefectSet defects;
  std::vector<std::string> partner_domains;
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
};

/// The lab stand-in for a public CA hierarchy, and what it issued: the Edge's
/// external certificate (with the defects asked for) and the federation
/// partners' certificates.
struct LabPki {
  IssuedCredential root;          // the stand-in for the public root partners trust
  IssuedCredential intermediate;  // the issuing CA partners' certificates come from
  // A second issuing CA under the same root whose own EKU lists serverAuth
  // only, as the public hierarchies issue from since 2026.
  IssuedCredential server_only_intermediate;
  IssuedCredential edge;
  std::vector<std::pair<std::string, IssuedCredential>> partners;  // domain, credential
};

LabPki issue_lab_pki(const CertificateRequirements& requirements, const LabPkiOptions& options);

/// The lab's certificate authorities alone (root and both issuing CAs),
/// valid around `now`: what stands in for a public CA that (re-)issues a
/// certificate given by the user.
LabPki issue_lab_authorities(KeyType key_type, std::chrono::system_clock::time_point now);

/// A federation partner's certificate for `domain`, from the lab's issuing CA:
/// subject sip.<domain>, SANs sip.<domain> and <domain>, both EKUs, so that it
/// serves SIP (RFC 5922, Lync's SRV target) and XMPP (RFC 6120 DNS-ID) alike;
/// `defects` break it as they break the Edge's.
IssuedCredential issue_partner_credential(const LabPki& pki, const std::string& domain,
                                          KeyType key_type,
                                          std::chrono::system_clock::time_point now,
                                          const DefectSet& defects = {});

}  // namespace fedharness
