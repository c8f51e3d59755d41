#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness::test {

/// A file of the source tree (fixtures, shipped topologies).
std::filesystem::path source_path(const std::string& relative);

/// The seed deployment, scenarios/topologies/contoso.yaml.
const Topology& seed_topology();

/// The codes of every finding of a report, as strings.
std::set<std::string> codes_of(const CertificateCheckReport& report);

/// A fresh, empty folder under the system temporary folder, removed at exit
/// of the scope.
class TemporaryFolder {
 public:
  TemporaryFolder();
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace fedharness::test
