#include "pki/renewal.hpp"

#include <fmt/core.h>

#include <array>
#include <charconv>
#include <ranges>

#include "pki/certificate_builder.hpp"
#include "pki/certificate_info.hpp"
#include "util/bad_input.hpp"

namespace fedharness {
namespace {

// CA/Browser Forum ballot SC-081 brings the longest lifetime of a public TLS
// certificate down to 200 days (2026-03-15), 100 (2027-03-15) and 47
// (2029-03-15); a lab renewal may be longer, but not absurdly so.
constexpr int kLongestLifetimeDays = 3650;

constexpr std::array kShapes{
    RenewalShapeInfo{"serverauth-only",
                     "the leaf's EKU lists serverAuth alone, as public CAs issue since 2026"},
    RenewalShapeInfo{"serverauth-only-issuer",
                     "issued from an issuing CA whose own EKU lists serverAuth alone (2026's "
                     "public hierarchies)"},
    RenewalShapeInfo{"ec-p256", "a new EC P-256 key"},
    RenewalShapeInfo{"rsa-2048", "a new RSA 2048 key"},
    RenewalShapeInfo{"no-intermediate", "installed without its issuing CA in the chain"},
    RenewalShapeInfo{"lifetime:DAYS",
                     "valid for DAYS days (the CA/Browser Forum's maximum: 200 from 2026-03-15, "
                     "100 from 2027-03-15, 47 from 2029-03-15)"},
};

std::string known_shapes() {
  std::string names;
  for (const RenewalShapeInfo& shape : kShapes) {
    names += names.empty() ? "" : ", ";
    names += shape.name;
  }
  return names;
}

std::chrono::days parse_lifetime(std::string_view renewal, std::string_view days) {
  int value = 0;
  auto [end, error] = std::from_chars(days.data(), days.data() + days.size(), value);
  if (error != std::errc() || end != days.data() + days.size() || value < 1 ||
      value > kLongestLifetimeDays) {
    throw BadInput(fmt::format("--renewal {}: lifetime:{}: expected a number of days from 1 to {}",
                               renewal, days, kLongestLifetimeDays));
  }
  return std::chrono::days{value};
}

void apply_shape(Renewal& renewal, std::string_view shape) {
  constexpr std::string_view kLifetime = "lifetime:";
  if (shape == "serverauth-only") {
    renewal.server_auth_only = true;
  } else if (shape == "serverauth-only-issuer") {
    renewal.server_only_issuer = true;
  } else if (shape == "no-intermediate") {
    renewal.no_intermediate = true;
  } else if (std::optional<KeyType> key_type = key_type_from_string(shape)) {
    if (renewal.key_type) {
      throw BadInput(fmt::format("--renewal {}: two key types", renewal.name));
    }
    renewal.key_type = key_type;
  } else if (shape.starts_with(kLifetime)) {
    if (renewal.lifetime) {
      throw BadInput(fmt::format("--renewal {}: two lifetimes", renewal.name));
    }
    renewal.lifetime = parse_lifetime(renewal.name, shape.substr(kLifetime.size()));
  } else {
    throw BadInput(fmt::format("--renewal {}: unknown shape '{}'; known: {} (join shapes with +)",
                               renewal.name, shape, known_shapes()));
  }
}

// The issuing CA of the current certificate, when it is installed with it,
// lists serverAuth and not clientAuth.
bool issued_by_server_only_ca(const std::vector<X509Ptr>& current) {
  if (current.size() < 2 || X509_check_issued(current[1].get(), current[0].get()) != X509_V_OK) {
    return false;
  }
  return !inspect_certificate(current[1].get()).allows_client_auth;
}

EvpPkeyPtr new_key(const Renewal& renewal, X509* leaf) {
  if (renewal.key_type) {
    return generate_key(*renewal.key_type);
  }
  EVP_PKEY* current = X509_get0_pubkey(leaf);
  EvpPkeyPtr key = current != nullptr ? generate_key_like(current) : nullptr;
  if (!key) {
    throw BadInput(fmt::format(
        "--renewal {}: the certificate's key ({}) has no lab equivalent; add +ec-p256 or "
        "+rsa-2048",
        renewal.name, current != nullptr ? describe_key(current) : "unreadable"));
  }
  return key;
}

}  // namespace

std::span<const RenewalShapeInfo> renewal_shapes() {
  return kShapes;
}

Renewal parse_renewal(std::string_view text) {
  Renewal renewal{.name = std::string(text)};
  if (text.empty()) {
    throw BadInput(fmt::format("--renewal: an empty renewal; known shapes: {}", known_shapes()));
  }
  for (auto piece : std::views::split(text, '+')) {
    apply_shape(renewal, std::string_view(piece.begin(), piece.end()));
  }
  return renewal;
}

std::vector<Renewal> parse_renewals(std::string_view list) {
  if (list.empty()) {
    throw BadInput(
        fmt::format("--renewal: give one renewal or more; known shapes: {}", known_shapes()));
  }
  std::vector<Renewal> renewals;
  for (auto piece : std::views::split(list, ',')) {
    renewals.push_back(parse_renewal(std::string_view(piece.begin(), piece.end())));
  }
  return renewals;
}

IssuedCredential renew_certificate(const std::vector<X509Ptr>& current, const Renewal& renewal,
                                   const LabPki& lab,
                                   std::chrono::system_clock::time_point issued_at) {
  X509* leaf = current.front().get();
  CertificateInfo info = inspect_certificate(leaf);
  auto lifetime =
      renewal.lifetime
          ? std::chrono::duration_cast<std::chrono::system_clock::duration>(*renewal.lifetime)
          : info.not_after - info.not_before;
  const IssuedCredential& issuer = renewal.server_only_issuer || issued_by_server_only_ca(current)
                                       ? lab.server_only_intermediate
                                       : lab.intermediate;
  IssuedCredential renewed;
  renewed.key = new_key(renewal, leaf);
  Reissue changes{.not_before = issued_at, .not_after = issued_at + lifetime};
  if (renewal.server_auth_only) {
    changes.key_usages = std::vector{ExtendedKeyUsage::server_auth};
  }
  renewed.certificate = reissue_certificate(leaf, changes, renewed.key.get(),
                                            {issuer.certificate.get(), issuer.key.get()});
  if (current.size() > 1 && !renewal.no_intermediate) {
    renewed.chain.push_back(share(issuer.certificate.get()));
  }
  return renewed;
}

}  // namespace fedharness
