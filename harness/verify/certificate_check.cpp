#include "verify/certificate_check.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/obj_mac.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <map>

#include "pki/openssl_error.hpp"
#include "topology/dns_name.hpp"
#include "verify/chain_verification.hpp"
#include "verify/invalid_chain.hpp"
#include "verify/verify_error_codes.hpp"

namespace fedharness {
namespace {

using Clock = std::chrono::system_clock;

std::string describe_usages(const CertificateInfo& info) {
  return info.eku ? fmt::format("EKU {}", fmt::join(*info.eku, ", "))
                  : std::string("no EKU extension (any purpose)");
}

std::string sans_or_none(const CertificateInfo& info) {
  return info.dns_names.empty() ? std::string("none")
                                : fmt::format("{}", fmt::join(info.dns_names, ", "));
}

bool is_weak_digest(int digest_nid) {
  return digest_nid == NID_sha1 || digest_nid == NID_md5 || digest_nid == NID_md4 ||
         digest_nid == NID_md2;
}

// A wildcard that would cover `name` (RFC 6125 §6.4.3: one whole left-most label).
std::optional<std::string> covering_wildcard(const CertificateInfo& info, const std::string& name) {
  auto dot = name.find('.');
  if (dot == std::string::npos) {
    return std::nullopt;
  }
  std::string wildcard = "*" + name.substr(dot);
  if (std::ranges::find(info.dns_names, wildcard) != info.dns_names.end()) {
    return wildcard;
  }
  return std::nullopt;
}

/// Groups OpenSSL's verification failures by the finding they stand for, one
/// finding per code with every place in the chain it was seen. An issuer
/// missing that exists all the same (known, or published at the leaf's AIA
/// caIssuers) is CHAIN_INCOMPLETE; any other, CHAIN_UNTRUSTED.
class FailureIndex {
 public:
  FailureIndex(const ChainVerification& verification, Purpose purpose, const TrustStore& trust)
      : trust_(&trust) {
    for (const auto& failure : verification.failures) {
      FindingCode code = finding_for_failure(failure, purpose, trust, FindingCode::chain_untrusted);
      by_code_[code].push_back(&failure);
    }
  }

  std::vector<Finding> take(std::initializer_list<FindingCode> codes) const {
    std::vector<Finding> findings;
    for (FindingCode code : codes) {
      auto found = by_code_.find(code);
      if (found == by_code_.end()) {
        continue;
      }
      std::vector<std::string> places;
      for (const VerifyFailure* failure : found->second) {
        places.push_back(describe(*failure));
      }
      findings.push_back({code, fmt::format("{}", fmt::join(places, "; "))});
    }
    return findings;
  }

 private:
  std::string describe(const VerifyFailure& failure) const {
    std::string what = X509_verify_cert_error_string(failure.error);
    if (!failure.certificate) {
      return fmt::format("OpenSSL: {} (depth {})", what, failure.depth);
    }
    CertificateInfo info = inspect_certificate(failure.certificate.get());
    std::string detail;
    switch (failure.error) {
      case X509_V_ERR_INVALID_PURPOSE:
        detail = ", " + describe_usages(info);
        break;
      case X509_V_ERR_CERT_HAS_EXPIRED:
        detail = ", notAfter " + format_utc(info.not_after);
        break;
      case X509_V_ERR_CERT_NOT_YET_VALID:
        detail = ", notBefore " + format_utc(info.not_before);
        break;
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        detail = ", issuer " + info.issuer + " is unknown";
        break;
      default:
        break;
    }
    std::string why;
    if (auto reason = invalid_chain_reason(failure.error)) {
      why = fmt::format(": {}; fix: {}", reason->what, reason->fix);
    } else if (auto missing = missing_issuer(failure, *trust_)) {
      why = ": " + *missing;
    }
    return fmt::format("OpenSSL: {} at depth {} ({}{}){}", what, failure.depth, info.subject,
                       detail, why);
  }

  const TrustStore* trust_;
  std::map<FindingCode, std::vector<const VerifyFailure*>> by_code_;
};

class CertificateChecker {
 public:
  explicit CertificateChecker(const CertificateCheckInput& input)
      : input_(input),
        leaf_(inspect_certificate(input.presented.front().get())),
        as_server_(verify_chain(input.trust, input.presented, Purpose::tls_server, input.now)),
        server_failures_(as_server_, Purpose::tls_server, input.trust) {}

  CertificateCheckReport run() {
    for (const auto& certificate : input_.presented) {
      report_.presented.push_back(inspect_certificate(certificate.get()));
    }
    check_subject();
    for (const auto& name : input_.requirements.names) {
      check_name(name);
    }
    check_server_usage();
    check_client_usage();
    check_keys();
    check_signatures();
    check_validity();
    check_chain();
    check_private_key();
    return std::move(report_);
  }

 private:
  void add(std::string requirement, std::string evidence, std::vector<Finding> findings = {}) {
    report_.requirements.push_back(
        {std::move(requirement), std::move(evidence), std::move(findings)});
  }

  // Every certificate a partner would check: what OpenSSL built, or what was
  // presented when it could not build further.
  std::vector<X509*> chain_certificates() const {
    std::vector<X509*> chain;
    for (const auto& certificate : as_server_.chain) {
      chain.push_back(certificate.get());
    }
    for (const auto& certificate : input_.presented) {
      bool listed = std::ranges::any_of(
          chain, [&](X509* other) { return X509_cmp(other, certificate.get()) == 0; });
      if (!listed) {
        chain.push_back(certificate.get());
      }
    }
    return chain;
  }

  void check_subject() {
    const std::string& wanted = input_.requirements.subject_cn;
    std::string requirement = fmt::format("subject CN is {}", wanted);
    if (lowercase_ascii(leaf_.common_name) == wanted) {
      add(requirement, leaf_.subject);
      return;
    }
    add(requirement, leaf_.subject,
        {{FindingCode::subject_mismatch,
          fmt::format("subject CN is '{}', the topology's Access Edge FQDN is {}",
                      leaf_.common_name, wanted)}});
  }

  void check_name(const RequiredName& name) {
    std::string requirement =
        fmt::format("DNS SAN {} ({})", name.dns_name, fmt::join(name.reasons, "; "));
    if (std::ranges::find(leaf_.dns_names, name.dns_name) != leaf_.dns_names.end()) {
      add(requirement, "present");
      return;
    }
    std::string evidence =
        fmt::format("{} is not among the DNS SANs ({})", name.dns_name, sans_or_none(leaf_));
    if (auto wildcard = covering_wildcard(leaf_, name.dns_name)) {
      evidence += fmt::format(
          "; {} would match it for some partners, but the Access Edge does "
          "not support wildcard certificates",
          *wildcard);
    }
    FindingCode code = name.is_subject ? FindingCode::subject_not_in_san : FindingCode::san_missing;
    add(requirement, evidence, {{code, evidence}});
  }

  void check_server_usage() {
    add("EKU allows serverAuth, issuing CAs included (partners connecting to the Edge)",
        describe_usages(leaf_), server_failures_.take({FindingCode::eku_server_missing}));
  }

  void check_client_usage() {
    const auto& reasons = input_.requirements.client_auth_reasons;
    ChainVerification as_client =
        verify_chain(input_.trust, input_.presented, Purpose::tls_client, input_.now);
    if (!input_.requirements.client_auth) {
      // Not the topology's demand, but OpenSSL's default purpose check is
      // every OpenSSL server's, and public CAs stopped issuing clientAuth in
      // 2026: say who refuses the Edge when it connects.
      std::vector<Finding> refused = FailureIndex(as_client, Purpose::tls_client, input_.trust)
                                         .take({FindingCode::eku_client_missing});
      if (!refused.empty() && !input_.client_purpose_checkers.empty()) {
        refused.front().as_warning = true;
        refused.front().evidence += fmt::format(
            "; the topology's public IM does not demand clientAuth, but partners that check "
            "the client purpose refuse the Edge when it connects to them: {}",
            fmt::join(input_.client_purpose_checkers, ", "));
      } else {
        refused.clear();
      }
      add("EKU allows clientAuth: not required by this topology", describe_usages(leaf_),
          std::move(refused));
      return;
    }
    add(fmt::format("EKU allows clientAuth, issuing CAs included (the Edge initiating to {})",
                    fmt::join(reasons, ", ")),
        describe_usages(leaf_),
        FailureIndex(as_client, Purpose::tls_client, input_.trust)
            .take({FindingCode::eku_client_missing}));
  }

  void check_keys() {
    const auto& requirements = input_.requirements;
    std::vector<std::string> weak;
    for (X509* certificate : chain_certificates()) {
      CertificateInfo info = inspect_certificate(certificate);
      bool is_rsa = info.key_base_id == EVP_PKEY_RSA || info.key_base_id == EVP_PKEY_RSA_PSS;
      bool too_weak =
          (is_rsa && info.key_bits < requirements.min_rsa_bits) ||
          (info.key_base_id == EVP_PKEY_EC && info.key_bits < requirements.min_ec_bits) ||
          info.key_base_id == EVP_PKEY_DSA;
      if (too_weak) {
        weak.push_back(fmt::format("{} has a {} key", info.subject, info.key));
      }
    }
    std::string requirement = fmt::format("keys at least RSA-{} / EC P-{}",
                                          requirements.min_rsa_bits, requirements.min_ec_bits);
    if (weak.empty()) {
      add(requirement, fmt::format("leaf key {}", leaf_.key));
      return;
    }
    std::string evidence = fmt::format("{}", fmt::join(weak, "; "));
    add(requirement, evidence, {{FindingCode::key_too_weak, evidence}});
  }

  void check_signatures() {
    std::vector<std::string> weak;
    for (X509* certificate : chain_certificates()) {
      CertificateInfo info = inspect_certificate(certificate);
      // A trust anchor's self-signature is never checked, so its digest does not matter.
      if (!info.self_issued && is_weak_digest(info.signature_digest_nid)) {
        weak.push_back(fmt::format("{} is signed with {}", info.subject, info.signature_algorithm));
      }
    }
    if (weak.empty()) {
      add("signatures not SHA-1 or MD5",
          fmt::format("leaf signed with {}", leaf_.signature_algorithm));
      return;
    }
    std::string evidence = fmt::format("{}", fmt::join(weak, "; "));
    add("signatures not SHA-1 or MD5", evidence, {{FindingCode::signature_weak, evidence}});
  }

  void check_validity() {
    std::vector<Finding> findings =
        server_failures_.take({FindingCode::cert_expired, FindingCode::cert_not_yet_valid});
    if (findings.empty()) {
      std::vector<std::string> soon;
      for (X509* certificate : chain_certificates()) {
        CertificateInfo info = inspect_certificate(certificate);
        if (info.not_after - input_.now < input_.requirements.expiry_warning) {
          soon.push_back(fmt::format("{} expires {}", info.subject, format_utc(info.not_after)));
        }
      }
      if (!soon.empty()) {
        findings.push_back(
            {FindingCode::cert_expires_soon, fmt::format("{}", fmt::join(soon, "; "))});
      }
    }
    add("in date, and not expiring within 30 days",
        fmt::format("leaf valid {} to {}", format_utc(leaf_.not_before),
                    format_utc(leaf_.not_after)),
        std::move(findings));
  }

  void check_chain() {
    std::vector<Finding> findings =
        server_failures_.take({FindingCode::cert_self_signed, FindingCode::chain_untrusted,
                               FindingCode::chain_invalid, FindingCode::chain_incomplete});
    std::string evidence;
    if (auto missing = missing_intermediates(); !missing.empty()) {
      // A file with the leaf alone (DER) cannot say whether the Edge sends
      // the rest: the Edge may hold it in its store. Say what it must send.
      bool leaf_only = !input_.chain_presented;
      findings.push_back(
          {FindingCode::chain_incomplete,
           fmt::format("{} issued the chain but {} not in the {}", fmt::join(missing, ", "),
                       missing.size() == 1 ? "is" : "are",
                       leaf_only ? "file, which holds the leaf only: make sure the Edge sends it"
                                 : "chain presented"),
           leaf_only});
    } else if (!input_.chain_presented) {
      evidence =
          "the file holds the leaf only, so whether the Edge sends its intermediates "
          "cannot be told from it; ";
    }
    std::vector<std::string> built;
    for (const auto& certificate : as_server_.chain) {
      built.push_back(inspect_certificate(certificate.get()).subject);
    }
    evidence +=
        fmt::format("chain {} (trust: {})", fmt::join(built, " <- "), input_.trust.description);
    add("chains to a trusted root, with every intermediate presented", evidence,
        std::move(findings));
  }

  // CAs that OpenSSL needed to build the chain but the Edge did not send:
  // every non-root certificate of the built chain that is not in
  // `presented`, with the file the verifier found it in.
  std::vector<std::string> missing_intermediates() const {
    std::vector<std::string> missing;
    for (size_t depth = 1; depth < as_server_.chain.size(); ++depth) {
      X509* certificate = as_server_.chain[depth].get();
      bool presented = std::ranges::any_of(input_.presented, [&](const X509Ptr& sent) {
        return X509_cmp(sent.get(), certificate) == 0;
      });
      if (!presented && X509_self_signed(certificate, 0) != 1) {
        missing.push_back(fmt::format("{} (known to the verifier only from {})",
                                      inspect_certificate(certificate).subject,
                                      source_of(input_.trust, certificate)));
      }
    }
    return missing;
  }

  void check_private_key() {
    if (input_.private_key == nullptr) {
      return;
    }
    std::string requirement = "the private key belongs to the certificate";
    if (X509_check_private_key(input_.presented.front().get(), input_.private_key) == 1) {
      add(requirement, "key matches the leaf's public key");
      return;
    }
    drain_openssl_errors();
    add(requirement, "key does not match",
        {{FindingCode::key_mismatch,
          fmt::format("the key given does not match the public key of {}", leaf_.subject)}});
  }

  const CertificateCheckInput& input_;
  CertificateInfo leaf_;
  ChainVerification as_server_;
  FailureIndex server_failures_;
  CertificateCheckReport report_;
};

}  // namespace

bool CheckedRequirement::has_error() const {
  return std::ranges::any_of(findings,
                             [](const Finding& f) { return f.severity() == Severity::error; });
}

std::vector<Finding> CertificateCheckReport::findings() const {
  std::vector<Finding> all;
  for (const auto& requirement : requirements) {
    all.insert(all.end(), requirement.findings.begin(), requirement.findings.end());
  }
  return all;
}

size_t CertificateCheckReport::count(Severity severity) const {
  return static_cast<size_t>(std::ranges::count_if(
      findings(), [severity](const Finding& f) { return f.severity() == severity; }));
}

CertificateCheckReport check_certificate(const CertificateCheckInput& input) {
  return CertificateChecker(input).run();
}

}  // namespace fedharness
