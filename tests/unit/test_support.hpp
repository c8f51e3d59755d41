#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "pki/defect.hpp"
#include "pki/lab_pki.hpp"
#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::test {

/// A file of the source tree (fixtures, shipped topologies).
std::filesystem::path source_path(const std::string& relative);

/// The seed deployment, scenarios/topologies/contoso.yaml.
const Topology& seed_topology();

/// A defect set from the names --defect takes ("no-client-eku", ...).
DefectSet defects(const std::vector<std::string>& names);

/// Both ends of a loopback path: the seed's lab PKI with the Edge's defects,
/// one partner's certificate from it, and a verifier that trusts the lab root.
struct SeedLab {
  LabPki pki;
  IssuedCredential partner;
  TrustStore trust;

  SeedLab(const std::vector<std::string>& edge_defects, const std::string& partner_domain);
};

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
