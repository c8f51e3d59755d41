#include "net/dane.hpp"

#include <catch2/catch.hpp>

#include "pki/lab_pki.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"

using namespace fedharness;

namespace {

struct Lab {
  LabPki pki = issue_lab_pki(derive_requirements(test::seed_topology()), {});
  std::vector<X509Ptr> chain() const {
    std::vector<X509Ptr> presented;
    presented.push_back(share(pki.edge.certificate.get()));
    presented.push_back(share(pki.edge.chain.front().get()));
    return presented;
  }
  TrustStore trusting_root() const {
    std::vector<X509Ptr> anchors;
    anchors.push_back(share(pki.root.certificate.get()));
    return trust_store_from_certificates(anchors, "the lab root");
  }
};

dns::TlsaRecord spki_sha256_record(uint8_t usage, const std::string& hex) {
  dns::TlsaRecord record{.usage = usage, .selector = 1, .matching = 1};
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    record.data.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return record;
}

const std::string kName = "_5061._tcp.sip.contoso.com";

}  // namespace

TEST_CASE("DANE-EE and DANE-TA records stand in for the CA; others do not match", "[dane]") {
  Lab lab;
  TrustStore nothing = trust_store_from_certificates({}, "nothing");
  std::string leaf_key = net::spki_sha256(lab.pki.edge.certificate.get());
  std::string issuer_key = net::spki_sha256(lab.pki.intermediate.certificate.get());

  CHECK(!net::dane_mismatch(lab.chain(), {kName, {spki_sha256_record(3, leaf_key)}}, nothing));
  CHECK(!net::dane_mismatch(lab.chain(), {kName, {spki_sha256_record(2, issuer_key)}}, nothing));
  CHECK(net::dane_mismatch(lab.chain(), {kName, {spki_sha256_record(3, issuer_key)}}, nothing) ==
        "no matching DANE TLSA records");
  // One matching record among others is enough (RFC 6698 §4.1).
  CHECK(!net::dane_mismatch(
      lab.chain(), {kName, {spki_sha256_record(3, issuer_key), spki_sha256_record(3, leaf_key)}},
      nothing));
}

TEST_CASE("TLSA records that cannot be used are skipped, not a mismatch and not a crash",
          "[dane][hostile]") {
  Lab lab;
  std::string leaf_key = net::spki_sha256(lab.pki.edge.certificate.get());
  // A SHA-256 of 31 bytes, and a usage no RFC defines.
  dns::TlsaRecord short_digest = spki_sha256_record(3, leaf_key.substr(0, 62));
  dns::TlsaRecord unknown_usage = spki_sha256_record(7, leaf_key);
  net::DaneRecords unusable{kName, {short_digest, unknown_usage}};
  // None usable: the chain is verified as without DANE, against the store.
  CHECK(!net::dane_mismatch(lab.chain(), unusable, lab.trusting_root()));
  CHECK(net::dane_mismatch(lab.chain(), unusable, trust_store_from_certificates({}, "nothing")));
}

TEST_CASE("a TLSA record is written as in a zone file", "[dane]") {
  CHECK(net::tlsa_text(spki_sha256_record(3, "0aff")) == "3 1 1 0aff");
}
