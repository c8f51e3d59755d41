#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "pki/credential_loader.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"
#include "util/files.hpp"
#include "verify/certificate_check.hpp"

using namespace fedharness;

namespace {

struct FixtureCase {
  std::string file;
  std::set<std::string> codes;
};

// fixtures/certs/expected.tsv: "<file>\t<CODE,CODE|pass>", made with the
// certificates by scripts/make-fixture-certs (the openssl CLI, not our
// factory); "(warning)" after a code marks it a warning there.
std::vector<FixtureCase> fixture_cases() {
  std::ifstream table(test::source_path("fixtures/certs/expected.tsv"));
  std::vector<FixtureCase> cases;
  for (std::string line; std::getline(table, line);) {
    if (line.empty() || line.starts_with('#')) {
      continue;
    }
    auto tab = line.find('\t');
    FixtureCase fixture{line.substr(0, tab), {}};
    std::stringstream codes(line.substr(tab + 1));
    for (std::string code; std::getline(codes, code, ',');) {
      constexpr std::string_view kWarning = "(warning)";
      if (code.ends_with(kWarning)) {
        code.resize(code.size() - kWarning.size());
      }
      if (code != "pass") {
        fixture.codes.insert(code);
      }
    }
    cases.push_back(std::move(fixture));
  }
  return cases;
}

}  // namespace

TEST_CASE("openssl-made fixtures get exactly the codes expected of them", "[fixtures][check]") {
  auto cases = fixture_cases();
  REQUIRE(cases.size() >= 16);
  auto directory = test::source_path("fixtures/certs");
  CertificateRequirements requirements = derive_requirements(test::seed_topology());
  TrustStore trust = trust_store_from_file(directory / "root-ca.pem");
  add_known_intermediates(trust, directory / "intermediate-ca.pem");
  auto password = read_password_file(directory / "good.p12.password");

  for (const auto& fixture : cases) {
    CAPTURE(fixture.file);
    LoadedCredential credential = load_credential(directory / fixture.file, password);
    auto report = check_certificate({.requirements = requirements,
                                     .presented = credential.certificates,
                                     .chain_presented = credential.format != "DER",
                                     .private_key = credential.key.get(),
                                     .trust = trust});
    CHECK(test::codes_of(report) == fixture.codes);
  }
}
