#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace fedharness {

/// The Public Suffix List (publicsuffix.org): the names under which anyone
/// may register a domain (com, co.uk, github.io). A wildcard directly under
/// one would stand for every registrant's domain, which no CA may issue (CA/B
/// Baseline Requirements §3.2.2.6) and careful verifiers refuse.
class PublicSuffixList {
 public:
  /// The list's text: one rule per line, "//" comments, "*.ck" wildcard and
  /// "!www.ck" exception rules (the list's own format). Lines that are not
  /// rules are skipped, never trusted.
  static PublicSuffixList parse(std::string_view text);

  /// Debian's copy (package publicsuffix), read once; when it is absent,
  /// only top-level domains are public suffixes.
  static const PublicSuffixList& system();

  /// Whether `domain` (lower case, no trailing dot) is a public suffix: a
  /// single label (or none: the root) always is; so is a name a rule or a
  /// wildcard rule covers, unless an exception rule names it.
  bool is_public_suffix(std::string_view domain) const;

  size_t size() const { return rules_.size() + wildcards_.size() + exceptions_.size(); }

 private:
  std::unordered_set<std::string> rules_;
  std::unordered_set<std::string> wildcards_;   // "ck" for "*.ck"
  std::unordered_set<std::string> exceptions_;  // "www.ck" for "!www.ck"
};

}  // namespace fedharness
