#include "pki/renewal.hpp"

#include <catch2/catch.hpp>
#include <chrono>

#include "pki/certificate_builder.hpp"
#include "pki/certificate_info.hpp"
#include "pki/key.hpp"
#include "pki/lab_pki.hpp"
#include "pki/openssl_error.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;
using std::chrono::days;

namespace {

const auto kNow = std::chrono::system_clock::now();

void add_extension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  REQUIRE(extension);
  REQUIRE(X509_add_ext(certificate, extension.get(), -1) == 1);
}

// A certificate as a public CA issues it, self-signed here for brevity
// (unless a `signer` is given): a full subject, a URI SAN beside the DNS
// ones, OCSP must-staple, CRL and AIA locations of its CA, 90 days.
X509Ptr public_style_certificate(EVP_PKEY* key, EVP_PKEY* signer = nullptr) {
  X509Ptr certificate(X509_new());
  X509* self = certificate.get();
  REQUIRE(X509_set_version(self, X509_VERSION_3) == 1);
  ASN1_INTEGER_set(X509_get_serialNumber(self), 4242);
  X509_NAME* name = X509_get_subject_name(self);
  for (auto [field, value] :
       {std::pair{"C", "US"}, std::pair{"O", "Contoso Ltd"}, std::pair{"CN", "sip.contoso.com"}}) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
  }
  REQUIRE(X509_set_issuer_name(self, name) == 1);
  time_t from = std::chrono::system_clock::to_time_t(kNow - days{10});
  time_t until = std::chrono::system_clock::to_time_t(kNow + days{80});
  X509_time_adj_ex(X509_getm_notBefore(self), 0, 0, &from);
  X509_time_adj_ex(X509_getm_notAfter(self), 0, 0, &until);
  REQUIRE(X509_set_pubkey(self, key) == 1);
  add_extension(self, NID_subject_alt_name,
                "DNS:sip.contoso.com,DNS:contoso.com,URI:sip:contoso.com");
  add_extension(self, NID_ext_key_usage, "serverAuth,clientAuth");
  add_extension(self, NID_tlsfeature, "status_request");
  add_extension(self, NID_crl_distribution_points, "URI:http://crl.example/ca.crl");
  add_extension(self, NID_info_access, "caIssuers;URI:http://ca.example/ca.crt");
  EVP_PKEY* signing_key = signer != nullptr ? signer : key;
  // EdDSA hashes as part of the signature (RFC 8410 §6): no digest to name.
  bool eddsa = EVP_PKEY_get_base_id(signing_key) == EVP_PKEY_ED25519;
  REQUIRE(X509_sign(self, signing_key, eddsa ? nullptr : EVP_sha256()) > 0);
  return certificate;
}

std::string extension_der(X509* certificate, int nid) {
  int at = X509_get_ext_by_NID(certificate, nid, -1);
  if (at < 0) {
    return {};
  }
  ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(certificate, at));
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
          static_cast<size_t>(ASN1_STRING_length(data))};
}

struct Current {
  EvpPkeyPtr key;
  std::vector<X509Ptr> certificates;
};

Current public_style(KeyType key_type = KeyType::rsa_2048) {
  Current current{generate_key(key_type), {}};
  current.certificates.push_back(public_style_certificate(current.key.get()));
  return current;
}

const LabPki& lab() {
  static const LabPki pki = issue_lab_authorities(KeyType::ec_p256, kNow);
  return pki;
}

bool issued_by(const IssuedCredential& ca, X509* certificate) {
  return X509_check_issued(ca.certificate.get(), certificate) == X509_V_OK &&
         X509_verify(certificate, X509_get0_pubkey(ca.certificate.get())) == 1;
}

}  // namespace

TEST_CASE("a renewal is shapes joined by +, renewals are separated by commas", "[renewal]") {
  Renewal renewal = parse_renewal("serverauth-only+lifetime:47+rsa-2048");
  CHECK(renewal.name == "serverauth-only+lifetime:47+rsa-2048");
  CHECK(renewal.server_auth_only);
  CHECK_FALSE(renewal.server_only_issuer);
  CHECK(renewal.key_type == KeyType::rsa_2048);
  CHECK(renewal.lifetime == days{47});
  CHECK_FALSE(renewal.no_intermediate);
  std::vector<Renewal> renewals = parse_renewals("serverauth-only-issuer,no-intermediate,ec-p256");
  REQUIRE(renewals.size() == 3);
  CHECK(renewals[0].server_only_issuer);
  CHECK(renewals[1].no_intermediate);
  CHECK(renewals[2].key_type == KeyType::ec_p256);
}

TEST_CASE("a renewal that is not one is bad input naming --renewal and the shape", "[renewal]") {
  CHECK_THROWS_WITH(parse_renewal("serverauth-onyl"),
                    Contains("--renewal serverauth-onyl: unknown shape 'serverauth-onyl'") &&
                        Contains("lifetime:DAYS"));
  for (const char* lifetime :
       {"lifetime:0", "lifetime:3651", "lifetime:47d", "lifetime:", "lifetime:-1"}) {
    CHECK_THROWS_WITH(parse_renewal(lifetime), Contains("expected a number of days from 1 to"));
  }
  CHECK_THROWS_WITH(parse_renewal("ec-p256+rsa-2048"), Contains("two key types"));
  CHECK_THROWS_WITH(parse_renewal("lifetime:47+lifetime:100"), Contains("two lifetimes"));
  CHECK_THROWS_AS(parse_renewal("serverauth-only+"), BadInput);
  CHECK_THROWS_AS(parse_renewals("serverauth-only,,ec-p256"), BadInput);
  CHECK_THROWS_AS(parse_renewals(""), BadInput);
}

TEST_CASE("a renewal keeps the subject, the SANs, the key type and the lifetime", "[renewal]") {
  Current current = public_style();
  X509* original = current.certificates.front().get();
  IssuedCredential renewed =
      renew_certificate(current.certificates, parse_renewal("rsa-2048"), lab(), kNow);
  X509* leaf = renewed.certificate.get();
  CHECK(X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_subject_name(original)) == 0);
  CHECK(extension_der(leaf, NID_subject_alt_name) == extension_der(original, NID_subject_alt_name));
  CHECK(extension_der(leaf, NID_tlsfeature) == extension_der(original, NID_tlsfeature));
  CHECK(extension_der(leaf, NID_ext_key_usage) == extension_der(original, NID_ext_key_usage));
  CertificateInfo info = inspect_certificate(leaf);
  CHECK(info.key == "RSA 2048");
  CHECK(info.not_before == std::chrono::floor<std::chrono::seconds>(kNow));
  CHECK(info.not_after - info.not_before == days{90});
  // A new key, serial and issuer: the lab's issuing CA, which signed it.
  CHECK(X509_check_private_key(leaf, renewed.key.get()) == 1);
  CHECK(EVP_PKEY_eq(X509_get0_pubkey(leaf), current.key.get()) != 1);
  CHECK(info.serial != inspect_certificate(original).serial);
  CHECK(issued_by(lab().intermediate, leaf));
  // Where the old CA publishes is not where the lab does.
  CHECK(extension_der(leaf, NID_crl_distribution_points).empty());
  CHECK(extension_der(leaf, NID_info_access).empty());
  // Installed as the current one is: without a chain.
  CHECK(renewed.chain.empty());
}

TEST_CASE("each shape changes what it names", "[renewal]") {
  LabPki installed = issue_lab_pki(derive_requirements(test::seed_topology()), {.now = kNow});
  std::vector<X509Ptr> current;
  current.push_back(share(installed.edge.certificate.get()));
  current.push_back(share(installed.edge.chain.front().get()));
  auto renew = [&](std::string_view shape) {
    return renew_certificate(current, parse_renewal(shape), lab(), kNow);
  };

  SECTION("the chain goes with the renewal as it went with the certificate") {
    IssuedCredential renewed = renew("ec-p256");
    REQUIRE(renewed.chain.size() == 1);
    CHECK(X509_cmp(renewed.chain.front().get(), lab().intermediate.certificate.get()) == 0);
    CHECK(inspect_certificate(renewed.certificate.get()).key == "EC P-256");
  }
  SECTION("serverauth-only: the leaf's EKU lists serverAuth alone") {
    CertificateInfo info = inspect_certificate(renew("serverauth-only").certificate.get());
    CHECK(info.eku == std::vector<std::string>{"serverAuth"});
    CHECK_FALSE(info.allows_client_auth);
  }
  SECTION("serverauth-only-issuer: issued and presented with the serverAuth-only CA") {
    IssuedCredential renewed = renew("serverauth-only-issuer");
    CHECK(issued_by(lab().server_only_intermediate, renewed.certificate.get()));
    REQUIRE(renewed.chain.size() == 1);
    CHECK_FALSE(inspect_certificate(renewed.chain.front().get()).allows_client_auth);
    CHECK(inspect_certificate(renewed.certificate.get()).allows_client_auth);
  }
  SECTION("no-intermediate: installed without the issuing CA") {
    IssuedCredential renewed = renew("no-intermediate");
    CHECK(renewed.chain.empty());
    CHECK(issued_by(lab().intermediate, renewed.certificate.get()));
  }
  SECTION("lifetime:DAYS and a new key type") {
    CertificateInfo info = inspect_certificate(renew("lifetime:47+rsa-2048").certificate.get());
    CHECK(info.not_after - info.not_before == days{47});
    CHECK(info.key == "RSA 2048");
  }
}

TEST_CASE("a certificate from a serverAuth-only CA is renewed from one", "[renewal]") {
  LabPki installed = issue_lab_pki(derive_requirements(test::seed_topology()),
                                   {.defects = test::defects({"server-only-issuer"}), .now = kNow});
  std::vector<X509Ptr> current;
  current.push_back(share(installed.edge.certificate.get()));
  current.push_back(share(installed.edge.chain.front().get()));
  IssuedCredential renewed = renew_certificate(current, parse_renewal("ec-p256"), lab(), kNow);
  CHECK(issued_by(lab().server_only_intermediate, renewed.certificate.get()));
}

TEST_CASE("the key type is kept for any key the lab can generate, asked for otherwise",
          "[renewal]") {
  Current ed25519{EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")), {}};
  ed25519.certificates.push_back(public_style_certificate(ed25519.key.get()));
  IssuedCredential renewed =
      renew_certificate(ed25519.certificates, parse_renewal("serverauth-only"), lab(), kNow);
  CHECK(inspect_certificate(renewed.certificate.get()).key == "Ed25519");

  // An X25519 key cannot sign; a CA could still certify one, and the lab
  // has no like of it.
  EvpPkeyPtr signer = generate_key(KeyType::ec_p256);
  Current x25519{EvpPkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")), {}};
  x25519.certificates.push_back(public_style_certificate(x25519.key.get(), signer.get()));
  CHECK_THROWS_WITH(
      renew_certificate(x25519.certificates, parse_renewal("serverauth-only"), lab(), kNow),
      Contains("--renewal serverauth-only: the certificate's key") &&
          Contains("add +ec-p256 or +rsa-2048"));
  renewed =
      renew_certificate(x25519.certificates, parse_renewal("serverauth-only+ec-p256"), lab(), kNow);
  CHECK(inspect_certificate(renewed.certificate.get()).key == "EC P-256");
}
