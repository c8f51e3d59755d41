#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fedharness {

/// A named, documented way to make the lab certificate wrong, as real
/// deployments get it wrong. Each defect changes the certificate profile or
/// the chain; see defect.cpp for what each one does.
enum class DefectKind {
  no_client_eku,
  no_server_eku,
  missing_san,
  wildcard_san,
  subject_not_in_san,
  expired,
  not_yet_valid,
  expires_soon,
  self_signed,
  untrusted_ca,
  weak_key,
  sha1,
  server_only_issuer,
  no_intermediate,
};

struct DefectInfo {
  DefectKind kind;
  std::string_view name;      // as given to --defect, e.g. "no-client-eku"
  std::string_view argument;  // the name of its argument ("NAME" for missing-san:NAME), or empty
  std::string_view description;
};

std::span<const DefectInfo> defect_catalogue();

struct Defect {
  DefectKind kind;
  std::string argument;  // the SAN to leave out (missing-san) or to replace (wildcard-san)

  bool operator==(const Defect&) const = default;
};

/// Parses "no-client-eku" or "missing-san:sip.fabrikam.com"; throws BadInput
/// naming the defect and listing the known ones (in no option's or field's
/// words: the caller says where the defect was given).
Defect parse_defect(std::string_view text);

class DefectSet {
 public:
  DefectSet() = default;
  /// Refuses combinations that contradict each other (a self-signed leaf has
  /// no issuing CA to be untrusted, server-only or missing).
  explicit DefectSet(std::vector<Defect> defects);

  bool has(DefectKind kind) const;
  bool omits_san(std::string_view dns_name) const;
  bool wildcards_san(std::string_view dns_name) const;
  const std::vector<Defect>& all() const { return defects_; }

 private:
  std::vector<Defect> defects_;
};

std::string to_string(const Defect& defect);

}  // namespace fedharness
