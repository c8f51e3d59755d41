#include "topology/certificate_size.hpp"

#include <fmt/core.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include "pki/lab_pki.hpp"
#include "test_support.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// A topology federating `count` SIP domains and as many XMPP domains.
std::string topology_with_domains(size_t count) {
  std::string sip = "sip_domains:\n";
  std::string xmpp = "xmpp_domains:\n";
  for (size_t i = 0; i < count; ++i) {
    sip += fmt::format("  - partner-domain-{}.example\n", i);
    xmpp += fmt::format("  - partner-domain-{}.example\n", i);
  }
  return "edge: {access_fqdn: sip.example.com, webconf_fqdn: webcon.example.com}\n" + sip + xmpp;
}

size_t der_bytes(X509* certificate) {
  return static_cast<size_t>(i2d_X509(certificate, nullptr));
}

}  // namespace

TEST_CASE("the estimate of the Edge chain's size is not below what the lab issues",
          "[certificate-size]") {
  CertificateRequirements requirements =
      derive_requirements(parse_topology(topology_with_domains(300), "t.yaml"));
  CertificateSize estimate = estimate_certificate_size(requirements);
  CHECK(estimate.names == 602);
  for (KeyType key_type : {KeyType::ec_p256, KeyType::rsa_2048}) {
    LabPki pki = issue_lab_pki(requirements, {.key_type = key_type});
    size_t issued = der_bytes(pki.edge.certificate.get());
    for (const X509Ptr& ca : pki.edge.chain) {
      issued += der_bytes(ca.get());
    }
    CHECK(estimate.chain_bytes >= issued);
    CHECK(estimate.chain_bytes <= issued + 3 * 1024);
  }
}

TEST_CASE("a topology whose certificate cannot work everywhere loads with warnings",
          "[certificate-size][topology]") {
  CHECK(test::seed_topology().warnings.empty());
  CHECK(parse_topology(topology_with_domains(49), "t.yaml").warnings.empty());

  // 101 names: past what Let's Encrypt issues, well within a TLS message.
  std::vector<std::string> warnings = parse_topology(topology_with_domains(50), "t.yaml").warnings;
  REQUIRE(warnings.size() == 1);
  CHECK_THAT(warnings[0], StartsWith("t.yaml:3: sip_domains, xmpp_domains: the Edge certificate "
                                     "needs 102 names; public CAs issue 100"));

  // 4002 names of about 30 bytes: past OpenSSL's 100 KiB certificate list.
  warnings = parse_topology(topology_with_domains(2000), "t.yaml").warnings;
  REQUIRE(warnings.size() == 2);
  CHECK_THAT(warnings[1], Contains("past the 100 KiB an OpenSSL peer accepts by default"));
}
