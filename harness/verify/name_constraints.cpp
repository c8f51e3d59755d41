#include "verify/name_constraints.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "pki/certificate_info.hpp"
#include "topology/dns_name.hpp"

namespace fedharness {
namespace {

using NameConstraintsPtr = std::unique_ptr<NAME_CONSTRAINTS, OpensslDeleter<NAME_CONSTRAINTS_free>>;

// RFC 5280 §4.2.1.10: a DNS subtree is its base and every name made by
// adding labels to its left.
bool within(const std::string& name, std::string base) {
  base = lowercase_ascii(base);
  if (base.starts_with('.')) {
    base.erase(0, 1);
  }
  return name == base || name.ends_with("." + base);
}

// The DNS bases of `subtrees`.
std::vector<std::string> dns_bases(STACK_OF(GENERAL_SUBTREE) * subtrees) {
  std::vector<std::string> bases;
  for (int i = 0; subtrees != nullptr && i < sk_GENERAL_SUBTREE_num(subtrees); ++i) {
    const GENERAL_NAME* base = sk_GENERAL_SUBTREE_value(subtrees, i)->base;
    if (base->type == GEN_DNS) {
      const ASN1_IA5STRING* text = base->d.dNSName;
      bases.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                         static_cast<size_t>(ASN1_STRING_length(text)));
    }
  }
  return bases;
}

// Why `name` is outside what `ca` allows, or empty.
std::string outside(const std::string& name, X509* ca) {
  NameConstraintsPtr constraints(
      static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(ca, NID_name_constraints, nullptr, nullptr)));
  if (!constraints) {
    return {};
  }
  std::string subject = inspect_certificate(ca).subject;
  for (const std::string& base : dns_bases(constraints->excludedSubtrees)) {
    if (within(name, base)) {
      return fmt::format("{}'s name constraints exclude {}", subject, base);
    }
  }
  std::vector<std::string> permitted = dns_bases(constraints->permittedSubtrees);
  if (!permitted.empty() && std::ranges::none_of(permitted, [&](const std::string& base) {
        return within(name, base);
      })) {
    return fmt::format("{}'s name constraints permit only {}", subject,
                       fmt::format("{}", fmt::join(permitted, ", ")));
  }
  return {};
}

}  // namespace

std::vector<X509*> issuers_of(const std::vector<X509Ptr>& presented) {
  std::vector<X509*> issuers;
  for (size_t i = 1; i < presented.size(); ++i) {
    issuers.push_back(presented[i].get());
  }
  return issuers;
}

void apply_wildcard_constraints(NameCheck& check, const std::vector<X509*>& issuers) {
  if (!check.matches || check.wildcard.empty()) {
    return;
  }
  for (X509* ca : issuers) {
    if (std::string why = outside(check.expected, ca); !why.empty()) {
      check.matches = false;
      check.refusal = fmt::format(
          "the wildcard {} would cover {}, but {} (RFC 5280 §4.2.1.10; OpenSSL partners, which "
          "check the SAN as written, accept it)",
          check.wildcard, check.expected, why);
      return;
    }
  }
}

}  // namespace fedharness
