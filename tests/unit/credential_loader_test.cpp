#include "pki/credential_loader.hpp"

#include <fmt/core.h>

#include <catch2/catch.hpp>

#include "pki/certificate_info.hpp"
#include "test_support.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;

namespace {

std::filesystem::path fixture(const std::string& name) {
  return test::source_path("fixtures/certs/" + name);
}

std::string load_error(const std::filesystem::path& path,
                       const std::optional<std::string>& password = std::nullopt) {
  try {
    load_credential(path, password);
  } catch (const BadInput& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("PEM, DER and PKCS#12 load to the same leaf", "[loader]") {
  auto pem = load_credential(fixture("good.pem"), std::nullopt);
  auto der = load_credential(fixture("good.der"), std::nullopt);
  auto p12 = load_credential(fixture("good.p12"), read_password_file(fixture("good.p12.password")));
  CHECK(pem.format == "PEM");
  CHECK(der.format == "DER");
  CHECK(p12.format == "PKCS#12");
  CHECK(pem.certificates.size() == 2);
  CHECK(der.certificates.size() == 1);
  REQUIRE(p12.certificates.size() == 2);
  CHECK(X509_cmp(pem.certificates[0].get(), der.certificates[0].get()) == 0);
  CHECK(X509_cmp(pem.certificates[0].get(), p12.certificates[0].get()) == 0);
  CHECK(X509_cmp(pem.certificates[1].get(), p12.certificates[1].get()) == 0);
  CHECK(p12.key);
  CHECK_FALSE(pem.key);
  CHECK(inspect_certificate(pem.certificates[0].get()).common_name == "sip.contoso.com");
}

TEST_CASE("a private key loads from its own file", "[loader]") {
  auto key = load_private_key(fixture("good.key"), std::nullopt);
  auto pem = load_credential(fixture("good.pem"), std::nullopt);
  CHECK(X509_check_private_key(pem.certificates[0].get(), key.get()) == 1);
}

TEST_CASE("unreadable certificates are bad input naming file and line", "[loader][bad-input]") {
  test::TemporaryFolder folder;
  auto write = [&](const std::string& name, const std::string& content) {
    auto path = folder.path() / name;
    write_file_atomically(path, content, 0644);
    return path;
  };
  std::string good = read_file(fixture("good.pem"), InputKind::certificate);

  CHECK_THAT(load_error(fixture("good.p12"), "not-the-password"),
             EndsWith("good.p12: PKCS#12 MAC check failed: wrong password"));
  CHECK_THAT(load_error(fixture("good.p12")), Contains("give --password-file"));
  CHECK_THAT(load_error(write("empty.pem", "")), EndsWith("empty.pem: the file is empty"));
  CHECK_THAT(load_error(write("garbage.bin", "\x01\x02garbage")),
             Contains("garbage.bin: not a certificate: neither PEM, DER nor PKCS#12 (9 bytes, "
                      "starting with 0x01)"));
  // Flip base64 in the middle of the first block: OpenSSL cannot decode it.
  std::string corrupted = good;
  corrupted.replace(200, 8, "!!!!!!!!");
  CHECK_THAT(load_error(write("corrupted.pem", corrupted)),
             Contains("corrupted.pem:1: malformed CERTIFICATE PEM block"));
  CHECK_THAT(load_error(write("text.pem",
                              "-----BEGIN CERTIFICATE REQUEST-----\nAA\n"
                              "-----END CERTIFICATE REQUEST-----\n")),
             Contains("text.pem:1: unexpected PEM block CERTIFICATE REQUEST"));
  CHECK_THAT(load_error(folder.path() / "missing.pem"), Contains("missing.pem: cannot read"));
}

TEST_CASE("a trust file with a private key in it is refused", "[loader][bad-input]") {
  test::TemporaryFolder folder;
  auto path = folder.path() / "bundle.pem";
  write_file_atomically(path,
                        read_file(fixture("good.pem"), InputKind::certificate) +
                            read_file(fixture("good.key"), InputKind::certificate),
                        0600);
  CHECK_THROWS_WITH(load_certificate_bundle(path), Contains("holds a private key"));
}

TEST_CASE("certificates are counted: a chain holds 16, a trust bundle 4096",
          "[loader][bad-input]") {
  test::TemporaryFolder folder;
  std::string one = read_file(fixture("root-ca.pem"), InputKind::certificate);
  auto repeated = [&](size_t times) {
    auto path = folder.path() / fmt::format("{}.pem", times);
    std::string bundle;
    for (size_t i = 0; i < times; ++i) {
      bundle += one;
    }
    write_file_atomically(path, bundle, 0644);
    return path;
  };
  CHECK(load_credential(repeated(16), std::nullopt).certificates.size() == 16);
  CHECK_THAT(load_error(repeated(17)),
             EndsWith("17.pem: 17 certificates, and a certificate with its chain holds 16 at most "
                      "(is this a trust bundle? give it as --trust)"));
  CHECK(load_certificate_bundle(repeated(4096)).size() == 4096);
  CHECK_THROWS_WITH(load_certificate_bundle(repeated(4097)),
                    EndsWith("4097.pem: 4097 certificates, and a trust bundle holds 4096 at most"));
}
