#pragma once

#include <vector>

#include "pki/openssl_ptr.hpp"
#include "verify/sip_identity.hpp"

namespace fedharness {

/// A name check that matched only through a wildcard, against the name
/// constraints of the CAs that issued the certificate (RFC 5280 §4.2.1.10):
/// OpenSSL checks a SAN as written ("*.contoso.com"), so a wildcard reaches
/// into a subtree a CA excludes (or outside those it permits) unnoticed;
/// careful verifiers check the name the wildcard stood for. When it lies
/// outside, `check` no longer matches, and says why. `issuers`: the CA
/// certificates above the leaf, as presented or built.
void apply_wildcard_constraints(NameCheck& check, const std::vector<X509*>& issuers);

/// The CA certificates of a presented chain (leaf first): all but the first.
std::vector<X509*> issuers_of(const std::vector<X509Ptr>& presented);

}  // namespace fedharness
