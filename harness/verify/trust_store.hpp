#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pki/openssl_ptr.hpp"

namespace fedharness {

/// What a verifier trusts, and which intermediates the harness knows of.
/// The second list tells CHAIN_INCOMPLETE (the issuer exists, the Edge just
/// did not send it) from CHAIN_UNTRUSTED (no known path to a trusted root);
/// whether the verifier itself holds them is whether they are in `store`.
struct TrustStore {
  /// An intermediate CA known to the harness, and where it was found.
  struct Known {
    X509Ptr certificate;
    std::string source;  // "intermediates.pem", "the lab"
  };

  X509StorePtr store;
  std::vector<Known> known_intermediates;
  std::string description;  // "system trust store", "root-ca.pem"
};

/// Debian's trust store (/etc/ssl/certs), as a public partner would trust.
TrustStore system_trust_store();

/// The certificates of `path` (PEM bundle or DER). Self-signed ones become
/// trust anchors; others are CA certificates the verifier already holds.
TrustStore trust_store_from_file(const std::filesystem::path& path);

/// Adds the certificates of `path` as trust_store_from_file reads them.
void add_trusted_file(TrustStore& trust, const std::filesystem::path& path);

/// A store trusting exactly `anchors` (the lab root, in memory).
TrustStore trust_store_from_certificates(const std::vector<X509Ptr>& anchors,
                                         std::string description);

/// Adds intermediates the verifier is assumed to hold already.
void add_known_intermediates(TrustStore& trust, const std::filesystem::path& path);

/// A CA the harness knows that issued `certificate`, or null.
const TrustStore::Known* known_issuer_of(const TrustStore& trust, X509* certificate);

/// Where the store's copy of `ca` came from: the file of a known
/// intermediate, or the store's description.
std::string source_of(const TrustStore& trust, X509* ca);

}  // namespace fedharness
