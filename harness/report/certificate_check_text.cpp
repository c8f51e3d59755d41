#include "report/certificate_check_text.hpp"

#include <fmt/ostream.h>
#include <fmt/ranges.h>

namespace fedharness {
namespace {

std::string_view verdict(const CheckedRequirement& requirement) {
  if (requirement.has_error()) {
    return "FAIL";
  }
  return requirement.findings.empty() ? "pass" : "warn";
}

std::string_view verdict_color(const CheckedRequirement& requirement, TextStyle style) {
  if (!style.color) {
    return {};
  }
  if (requirement.has_error()) {
    return kRed;
  }
  return requirement.findings.empty() ? kGreen : kYellow;
}

}  // namespace

void print_certificate_identity(std::ostream& out, const CertificateInfo& info,
                                std::string_view title) {
  fmt::print(out, "{:<13}{}\n", title, info.subject);
  fmt::print(out, "{:<13}issued by {}\n", "", info.issuer);
  fmt::print(out, "{:<13}thumbprint (SHA-1) {}, serial {}\n", "", info.sha1_thumbprint,
             info.serial);
  fmt::print(out, "{:<13}SHA-256 {}\n", "", info.sha256_fingerprint);
  fmt::print(out, "{:<13}valid {} to {}; {}; {}\n", "", format_utc(info.not_before),
             format_utc(info.not_after), info.key, info.signature_algorithm);
  if (!info.dns_names.empty()) {
    fmt::print(out, "{:<13}SANs {}\n", "", fmt::join(info.dns_names, ", "));
  }
  fmt::print(out, "{:<13}EKU {}\n", "",
             info.eku ? fmt::format("{}", fmt::join(*info.eku, ", ")) : "none (any purpose)");
}

void print_certificate_check_text(std::ostream& out, const Topology& topology,
                                  const CertificateCheckReport& report, TextStyle style) {
  print_certificate_identity(out, report.presented.front(), "Certificate");
  for (size_t i = 1; i < report.presented.size(); ++i) {
    fmt::print(out, "{:<13}{} (issued by {}; thumbprint {})\n", i == 1 ? "Chain" : "",
               report.presented[i].subject, report.presented[i].issuer,
               report.presented[i].sha1_thumbprint);
  }
  fmt::print(
      out, "{:<13}{} (Access Edge {}; SIP {}; XMPP {}; public IM {})\n\n", "Topology",
      topology.source.string(), topology.access_fqdn, fmt::join(topology.sip_domains, ", "),
      topology.xmpp_domains.empty() ? "none"
                                    : fmt::format("{}", fmt::join(topology.xmpp_domains, ", ")),
      topology.public_im.empty() ? "none" : fmt::format("{}", fmt::join(topology.public_im, ", ")));

  for (const auto& requirement : report.requirements) {
    fmt::print(out, "  ");
    print_cell(out, verdict(requirement), 6, verdict_color(requirement, style));
    if (requirement.findings.empty()) {
      fmt::print(out, "{}: {}\n", requirement.requirement, requirement.evidence);
      continue;
    }
    fmt::print(out, "{}\n", requirement.requirement);
    for (const auto& finding : requirement.findings) {
      fmt::print(out, "        {}: {}\n", to_string(finding.code), finding.evidence);
      fmt::print(out, "        fix: {}\n", info(finding.code).fix);
    }
  }
  size_t errors = report.count(Severity::error);
  size_t warnings = report.count(Severity::warning);
  fmt::print(out, "\n");
  print_cell(out, errors == 0 ? "PASS" : "FAIL", 0,
             style.color ? (errors == 0 ? kGreen : kRed) : std::string_view{});
  fmt::print(out, ": {} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
             warnings == 1 ? "" : "s");
}

}  // namespace fedharness
