#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pki/key.hpp"
#include "pki/lab_pki.hpp"

namespace fedharness {

/// How the next CA will issue a certificate, compared with how the current
/// one was issued: one or more shapes of `certs whatif --renewal`, joined by
/// '+' ("serverauth-only+lifetime:47"). What no shape changes stays as it is.
struct Renewal {
  std::string name;                 // as given
  bool server_auth_only = false;    // the leaf's EKU lists serverAuth alone
  bool server_only_issuer = false;  // from an issuing CA whose own EKU lists serverAuth alone
  std::optional<KeyType> key_type;  // a new key of this type, not of the current one's
  bool no_intermediate = false;     // installed without its issuing CA
  std::optional<std::chrono::days> lifetime;
};

struct RenewalShapeInfo {
  std::string_view name;  // "serverauth-only", "lifetime:DAYS"
  std::string_view description;
};

std::span<const RenewalShapeInfo> renewal_shapes();

/// Parses one renewal ("serverauth-only+ec-p256"); throws BadInput naming
/// --renewal, the shape and the known shapes.
Renewal parse_renewal(std::string_view text);

/// Parses --renewal's list: renewals separated by commas.
std::vector<Renewal> parse_renewals(std::string_view list);

/// Re-issues `current` (the leaf, then the chain it is installed with) as
/// `renewal` says, from `lab`'s CA standing in for the public one, at
/// `issued_at`: the same subject and SANs (every extension of the leaf),
/// key type and lifetime unless the renewal changes them; from the
/// serverAuth-only issuing CA when the renewal asks or the current issuing
/// CA is one; with the issuing CA in the chain when the current certificate
/// is installed with its chain. Throws BadInput when the current key has no
/// lab equivalent and the renewal names no key type.
IssuedCredential renew_certificate(const std::vector<X509Ptr>& current, const Renewal& renewal,
                                   const LabPki& lab,
                                   std::chrono::system_clock::time_point issued_at);

}  // namespace fedharness
