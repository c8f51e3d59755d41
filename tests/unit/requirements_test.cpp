#include "topology/requirements.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace fedharness;

TEST_CASE("the seed's requirements are the seed document's certificate table", "[requirements]") {
  CertificateRequirements requirements = derive_requirements(test::seed_topology());
  CHECK(requirements.subject_cn == "sip.contoso.com");
  std::vector<std::string> names;
  for (const auto& name : requirements.names) {
    names.push_back(name.dns_name);
  }
  // Subject first (repeated), web conferencing, sip.<d> per SIP domain, <d> per XMPP domain.
  CHECK(names == std::vector<std::string>{"sip.contoso.com", "webcon.contoso.com",
                                          "sip.fabrikam.com", "contoso.com", "fabrikam.com"});
  REQUIRE(requirements.names.front().is_subject);
  // sip.contoso.com is both the subject and SIP domain contoso.com's SRV target.
  CHECK(requirements.names.front().reasons ==
        std::vector<std::string>{"the subject, repeated", "SIP domain contoso.com"});
  CHECK(requirements.client_auth);
  CHECK(requirements.client_auth_reasons == std::vector<std::string>{"AOL public IM"});
}

TEST_CASE("only a provider that checks the client EKU makes it a requirement", "[requirements]") {
  Topology topology = test::seed_topology();
  topology.public_im = {"yahoo", "windows-live"};
  CHECK_FALSE(derive_requirements(topology).client_auth);
  topology.public_im = {};
  CHECK_FALSE(derive_requirements(topology).client_auth);
}

TEST_CASE("the A/V and pool FQDNs need no name on the external certificate", "[requirements]") {
  for (const auto& name : derive_requirements(test::seed_topology()).names) {
    CHECK(name.dns_name != "av.contoso.com");
    CHECK(name.dns_name.find("contoso.net") == std::string::npos);
  }
}
