#include "test_support.hpp"

#include <stdlib.h>

#include <stdexcept>

namespace fedharness::test {

std::filesystem::path source_path(const std::string& relative) {
  return std::filesystem::path(FEDHARNESS_SOURCE_DIR) / relative;
}

const Topology& seed_topology() {
  static const Topology topology = load_topology(source_path("scenarios/topologies/contoso.yaml"));
  return topology;
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
