#include "report/certificate_check_json.hpp"

#include <boost/json.hpp>

namespace fedharness {
namespace {

namespace json = boost::json;

json::array strings(const std::vector<std::string>& values) {
  return json::array(values.begin(), values.end());
}

json::object finding_to_json(const Finding& finding, const std::string& requirement) {
  const FindingCodeInfo& code = info(finding.code);
  return {{"code", code.name},          {"severity", to_string(finding.severity())},
          {"requirement", requirement}, {"evidence", finding.evidence},
          {"meaning", code.meaning},    {"fix", code.fix}};
}

}  // namespace

json::value certificate_info_to_json(const CertificateInfo& info) {
  json::object object{{"subject", info.subject},
                      {"issuer", info.issuer},
                      {"serial", info.serial},
                      {"sha1_thumbprint", info.sha1_thumbprint},
                      {"sha256_fingerprint", info.sha256_fingerprint},
                      {"dns_names", strings(info.dns_names)},
                      {"key", info.key},
                      {"signature_algorithm", info.signature_algorithm},
                      {"not_before", iso8601_utc(info.not_before)},
                      {"not_after", iso8601_utc(info.not_after)}};
  object["eku"] = info.eku ? json::value(strings(*info.eku)) : json::value(nullptr);
  return object;
}

json::value certificate_check_to_json(const Topology& topology,
                                      const CertificateCheckReport& report) {
  json::array chain;
  for (size_t i = 1; i < report.presented.size(); ++i) {
    chain.push_back(certificate_info_to_json(report.presented[i]));
  }
  json::array requirements;
  json::array findings;
  for (const auto& requirement : report.requirements) {
    json::array codes;
    for (const auto& finding : requirement.findings) {
      codes.push_back(json::string(to_string(finding.code)));
      findings.push_back(finding_to_json(finding, requirement.requirement));
    }
    std::string_view result =
        requirement.has_error() ? "fail" : (requirement.findings.empty() ? "pass" : "warning");
    requirements.push_back(json::object{{"requirement", requirement.requirement},
                                        {"result", result},
                                        {"evidence", requirement.evidence},
                                        {"codes", std::move(codes)}});
  }
  return json::object{{"topology", topology.source.string()},
                      {"certificate", certificate_info_to_json(report.presented.front())},
                      {"chain", std::move(chain)},
                      {"requirements", std::move(requirements)},
                      {"findings", std::move(findings)},
                      {"errors", report.count(Severity::error)},
                      {"warnings", report.count(Severity::warning)}};
}

}  // namespace fedharness
