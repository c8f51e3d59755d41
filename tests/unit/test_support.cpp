#include "test_support.hpp"

#include <stdlib.h>

#include <stdexcept>

#include "topology/requirements.hpp"

namespace fedharness::test {

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(FEDHARNESS_SOURCE_DIR) / relative;
}

const Topology& seed_topology() {
  static const Topology topology = load_topology(source_path("scenarios/topologies/contoso.yaml"));
  return topology;
}

DefectSet defects(const std::vector<std::string>& names) {
  std::vector<Defect> parsed;
  for (const auto& name : names) {
    parsed.push_back(parse_defect(name));
  }
  return DefectSet(std::move(parsed));
}

SeedLab::SeedLab(const std::vector<std::string>& edge_defects, const std::string& partner_domain)
    : pki(issue_lab_pki(derive_requirements(seed_topology()), {.defects = defects(edge_defects)})),
      partner(issue_partner_credential(pki, partner_domain, KeyType::ec_p256,
                                       std::chrono::system_clock::now())) {
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(pki.root.certificate.get()));
  trust = trust_store_from_certificates(anchors, "lab root");
}

std::set<std::string> codes_of(const CertificateCheckReport& report) {
  std::set<std::string> codes;
  for (const auto& finding : report.findings()) {
    codes.emplace(to_string(finding.code));
  }
  return codes;
}

TemporaryFolder::TemporaryFolder() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "fedharness-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace fedharness::test
