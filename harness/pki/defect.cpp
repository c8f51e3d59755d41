#include "pki/defect.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <ranges>

#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"

namespace fedharness {
namespace {

using enum DefectKind;

constexpr std::array kDefects{
    DefectInfo{no_client_eku, "no-client-eku", "",
               "the Edge certificate's EKU is serverAuth only (a 2026 public CA renewal)"},
    DefectInfo{no_server_eku, "no-server-eku", "", "the Edge certificate's EKU is clientAuth only"},
    DefectInfo{missing_san, "missing-san", "NAME",
               "leave the DNS name NAME out of the Edge certificate's SANs"},
    DefectInfo{wildcard_san, "wildcard-san", "NAME",
               "replace the DNS name NAME in the Edge certificate's SANs by the wildcard that "
               "covers it (*.<parent>), as a wildcard certificate reused on the Access Edge"},
    DefectInfo{subject_not_in_san, "subject-not-in-san", "",
               "the subject (the Access Edge FQDN) is not repeated among the SANs"},
    DefectInfo{expired, "expired", "", "the Edge certificate expired yesterday"},
    DefectInfo{not_yet_valid, "not-yet-valid", "", "the Edge certificate becomes valid in 30 days"},
    DefectInfo{expires_soon, "expires-soon", "", "the Edge certificate expires in 10 days"},
    DefectInfo{self_signed, "self-signed", "", "the Edge certificate is signed by its own key"},
    DefectInfo{untrusted_ca, "untrusted-ca", "",
               "the Edge certificate comes from a second hierarchy whose root partners do not "
               "trust"},
    DefectInfo{weak_key, "weak-key", "", "the Edge certificate has an RSA-1024 key"},
    DefectInfo{sha1, "sha1", "", "the Edge certificate is signed with SHA-1"},
    DefectInfo{server_only_issuer, "server-only-issuer", "",
               "the issuing CA's own EKU is serverAuth only; OpenSSL's client-purpose check "
               "walks the intermediates too (2026 serverAuth-only public hierarchies)"},
    DefectInfo{no_intermediate, "no-intermediate", "",
               "the chain the Edge presents (edge-chain.pem, edge.p12) lacks the intermediate"},
};

std::string known_defects() {
  auto spell = [](const DefectInfo& info) {
    return info.argument.empty() ? std::string(info.name)
                                 : fmt::format("{}:{}", info.name, info.argument);
  };
  return fmt::format("{}", fmt::join(kDefects | std::views::transform(spell), ", "));
}

}  // namespace

std::span<const DefectInfo> defect_catalogue() {
  return kDefects;
}

Defect parse_defect(std::string_view text) {
  auto colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  std::string_view argument = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  auto found = std::ranges::find(kDefects, name, &DefectInfo::name);
  if (found == kDefects.end()) {
    throw BadInput(fmt::format("{}: unknown defect (known: {})", text, known_defects()));
  }
  if (found->argument.empty() && colon != std::string_view::npos) {
    throw BadInput(fmt::format("{}: '{}' takes no argument", text, name));
  }
  if (!found->argument.empty() && !is_fully_qualified_host_name(argument)) {
    throw BadInput(fmt::format("{}: expected {}:{} with a DNS name", text, name, found->argument));
  }
  return {found->kind, lowercase_ascii(argument)};
}

DefectSet::DefectSet(std::vector<Defect> defects) : defects_(std::move(defects)) {
  if (has(self_signed)) {
    for (DefectKind issuer_defect : {untrusted_ca, server_only_issuer, no_intermediate}) {
      if (has(issuer_defect)) {
        throw BadInput(
            fmt::format("self-signed and {}: a self-signed certificate has no issuing CA",
                        kDefects[static_cast<size_t>(issuer_defect)].name));
      }
    }
  }
  for (auto [first, second] : {std::pair{expired, not_yet_valid}, std::pair{expired, expires_soon},
                               std::pair{not_yet_valid, expires_soon}}) {
    if (has(first) && has(second)) {
      throw BadInput(fmt::format("{} and {}: a certificate has one validity",
                                 kDefects[static_cast<size_t>(first)].name,
                                 kDefects[static_cast<size_t>(second)].name));
    }
  }
}

bool DefectSet::has(DefectKind kind) const {
  return std::ranges::any_of(defects_, [kind](const Defect& d) { return d.kind == kind; });
}

bool DefectSet::omits_san(std::string_view dns_name) const {
  return std::ranges::any_of(defects_, [dns_name](const Defect& d) {
    return d.kind == missing_san && d.argument == dns_name;
  });
}

bool DefectSet::wildcards_san(std::string_view dns_name) const {
  return std::ranges::any_of(defects_, [dns_name](const Defect& d) {
    return d.kind == wildcard_san && d.argument == dns_name;
  });
}

std::string to_string(const Defect& defect) {
  std::string_view name = kDefects[static_cast<size_t>(defect.kind)].name;
  return defect.argument.empty() ? std::string(name) : fmt::format("{}:{}", name, defect.argument);
}

}  // namespace fedharness
