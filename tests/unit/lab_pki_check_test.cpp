#include <catch2/catch.hpp>
#include <map>

#include "pki/certificate_info.hpp"
#include "pki/lab_pki.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"
#include "verify/certificate_check.hpp"

using namespace fedharness;

namespace {

const CertificateRequirements& seed_requirements() {
  static const CertificateRequirements requirements = derive_requirements(test::seed_topology());
  return requirements;
}

LabPki issue(const std::vector<std::string>& defects, KeyType key_type = KeyType::ec_p256) {
  return issue_lab_pki(seed_requirements(),
                       {.key_type = key_type, .defects = test::defects(defects)});
}

// The Edge's certificate as the Edge presents it, checked by a partner that
// trusts the lab root and already knows the lab's issuing CA.
CertificateCheckReport check(const LabPki& pki) {
  std::vector<X509Ptr> presented;
  presented.push_back(share(pki.edge.certificate.get()));
  for (const auto& ca : pki.edge.chain) {
    presented.push_back(share(ca.get()));
  }
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(pki.root.certificate.get()));
  TrustStore trust = trust_store_from_certificates(anchors, "the lab root");
  trust.known_intermediates.push_back({share(pki.intermediate.certificate.get()), "the lab"});
  return check_certificate({.requirements = seed_requirements(),
                            .presented = presented,
                            .private_key = pki.edge.key.get(),
                            .trust = trust});
}

// What `certs check` must say for each defect, and nothing else.
const std::map<DefectKind, std::pair<std::string, std::string>> kExpected{
    {DefectKind::no_client_eku, {"no-client-eku", "EKU_CLIENT_MISSING"}},
    {DefectKind::no_server_eku, {"no-server-eku", "EKU_SERVER_MISSING"}},
    {DefectKind::missing_san, {"missing-san:sip.fabrikam.com", "SAN_MISSING"}},
    {DefectKind::wildcard_san, {"wildcard-san:sip.fabrikam.com", "SAN_MISSING"}},
    {DefectKind::subject_not_in_san, {"subject-not-in-san", "SUBJECT_NOT_IN_SAN"}},
    {DefectKind::expired, {"expired", "CERT_EXPIRED"}},
    {DefectKind::not_yet_valid, {"not-yet-valid", "CERT_NOT_YET_VALID"}},
    {DefectKind::expires_soon, {"expires-soon", "CERT_EXPIRES_SOON"}},
    {DefectKind::self_signed, {"self-signed", "CERT_SELF_SIGNED"}},
    {DefectKind::untrusted_ca, {"untrusted-ca", "CHAIN_UNTRUSTED"}},
    {DefectKind::weak_key, {"weak-key", "KEY_TOO_WEAK"}},
    {DefectKind::sha1, {"sha1", "SIGNATURE_WEAK"}},
    {DefectKind::server_only_issuer, {"server-only-issuer", "EKU_CLIENT_MISSING"}},
    {DefectKind::no_intermediate, {"no-intermediate", "CHAIN_INCOMPLETE"}},
};

}  // namespace

TEST_CASE("the lab PKI without defects passes every requirement", "[lab-pki][check]") {
  auto key_type = GENERATE(KeyType::ec_p256, KeyType::rsa_2048);
  CertificateCheckReport report = check(issue({}, key_type));
  CHECK(test::codes_of(report).empty());
  CHECK(report.requirements.size() == 13);
}

TEST_CASE("the lab Edge certificate carries the seed's names and both EKUs", "[lab-pki]") {
  LabPki pki = issue({});
  CertificateInfo edge = inspect_certificate(pki.edge.certificate.get());
  CHECK(edge.common_name == "sip.contoso.com");
  CHECK(edge.dns_names == std::vector<std::string>{"sip.contoso.com", "webcon.contoso.com",
                                                   "sip.fabrikam.com", "contoso.com",
                                                   "fabrikam.com"});
  CHECK(edge.eku == std::vector<std::string>{"serverAuth", "clientAuth"});
  CHECK(edge.key == "EC P-256");
  REQUIRE(pki.edge.chain.size() == 1);
  CHECK(X509_cmp(pki.edge.chain[0].get(), pki.intermediate.certificate.get()) == 0);
}

TEST_CASE("every defect gives exactly its own finding code", "[lab-pki][check][defects]") {
  // Every defect of the catalogue has an expectation here.
  for (const auto& entry : defect_catalogue()) {
    CAPTURE(entry.name);
    CHECK(kExpected.contains(entry.kind));
  }
  for (const auto& [kind, expectation] : kExpected) {
    const auto& [defect, code] = expectation;
    CAPTURE(defect);
    CHECK(test::codes_of(check(issue({defect}))) == std::set<std::string>{code});
  }
}

TEST_CASE("leaving an XMPP domain out of the SANs is also SAN_MISSING", "[lab-pki][check]") {
  CertificateCheckReport report = check(issue({"missing-san:fabrikam.com"}));
  REQUIRE(test::codes_of(report) == std::set<std::string>{"SAN_MISSING"});
  CHECK(report.findings().front().evidence.starts_with("fabrikam.com is not among the DNS SANs"));
}

TEST_CASE("a wildcard SAN takes the place of the name and is named in the evidence",
          "[lab-pki][check]") {
  LabPki pki = issue({"wildcard-san:sip.fabrikam.com"});
  CHECK(inspect_certificate(pki.edge.certificate.get()).dns_names ==
        std::vector<std::string>{"sip.contoso.com", "webcon.contoso.com", "*.fabrikam.com",
                                 "contoso.com", "fabrikam.com"});
  CertificateCheckReport report = check(pki);
  REQUIRE(test::codes_of(report) == std::set<std::string>{"SAN_MISSING"});
  CHECK_THAT(report.findings().front().evidence,
             Catch::Matchers::Contains("*.fabrikam.com would match it for some partners"));
}

TEST_CASE("defects combine, each adding its own finding", "[lab-pki][check][defects]") {
  CHECK(test::codes_of(
            check(issue({"no-client-eku", "expired", "missing-san:webcon.contoso.com"}))) ==
        std::set<std::string>{"EKU_CLIENT_MISSING", "CERT_EXPIRED", "SAN_MISSING"});
}

TEST_CASE("a serverAuth-only issuing CA is named in the evidence", "[lab-pki][check]") {
  auto findings = check(issue({"server-only-issuer"})).findings();
  REQUIRE(findings.size() == 1);
  CHECK_THAT(findings[0].evidence,
             Catch::Matchers::Contains("at depth 1 (CN=fedharness ServerAuth-only Issuing CA"));
}

TEST_CASE("a key from elsewhere is KEY_MISMATCH", "[lab-pki][check]") {
  LabPki pki = issue({});
  LabPki other = issue({});
  pki.edge.key = std::move(other.edge.key);
  CHECK(test::codes_of(check(pki)) == std::set<std::string>{"KEY_MISMATCH"});
}

TEST_CASE("a missing-san defect must name a SAN of the topology", "[lab-pki][bad-input]") {
  CHECK_THROWS_AS(issue({"missing-san:sip.example.org"}), BadInput);
}

TEST_CASE("partner certificates cover the SIP SRV target and the XMPP domain", "[lab-pki]") {
  LabPki pki = issue({});
  IssuedCredential partner =
      issue_partner_credential(pki, "aol.com", KeyType::ec_p256, std::chrono::system_clock::now());
  CertificateInfo info = inspect_certificate(partner.certificate.get());
  CHECK(info.common_name == "sip.aol.com");
  CHECK(info.dns_names == std::vector<std::string>{"sip.aol.com", "aol.com"});
  CHECK(info.allows_client_auth);
  CHECK(info.allows_server_auth);
  CHECK(X509_check_issued(pki.intermediate.certificate.get(), partner.certificate.get()) ==
        X509_V_OK);
}

TEST_CASE("without public IM, a certificate without clientAuth is a warning naming who refuses",
          "[lab-pki][check]") {
  CertificateRequirements no_public_im = seed_requirements();
  no_public_im.client_auth = false;
  no_public_im.client_auth_reasons.clear();
  LabPki pki = issue({"server-only-issuer"});
  std::vector<X509Ptr> presented;
  presented.push_back(share(pki.edge.certificate.get()));
  presented.push_back(share(pki.edge.chain.front().get()));
  std::vector<X509Ptr> anchors;
  anchors.push_back(share(pki.root.certificate.get()));
  TrustStore trust = trust_store_from_certificates(anchors, "the lab root");
  CertificateCheckInput input{.requirements = no_public_im,
                              .presented = presented,
                              .private_key = pki.edge.key.get(),
                              .trust = trust,
                              .client_purpose_checkers = {"openssl-default", "xmpp-rfc6120"}};
  CertificateCheckReport report = check_certificate(input);
  std::vector<Finding> findings = report.findings();
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == FindingCode::eku_client_missing);
  CHECK(findings[0].severity() == Severity::warning);
  CHECK(
      findings[0].evidence.ends_with("refuse the Edge when it connects to them: "
                                     "openssl-default, xmpp-rfc6120"));
  CHECK(report.count(Severity::error) == 0);

  input.client_purpose_checkers.clear();  // nobody to name: nothing to say
  CHECK(check_certificate(input).findings().empty());
}
