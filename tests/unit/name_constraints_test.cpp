#include "verify/name_constraints.hpp"

#include <catch2/catch.hpp>

#include "pki/key.hpp"

using namespace fedharness;

namespace {

// A CA certificate carrying only the name constraints `value` (openssl's
// syntax): what apply_wildcard_constraints reads of it.
X509Ptr constrained_ca(const char* value) {
  X509Ptr ca(X509_new());
  X509_NAME_add_entry_by_txt(X509_get_subject_name(ca.get()), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Constrained CA"), -1, -1, 0);
  X509V3_CTX context;
  X509V3_set_ctx(&context, ca.get(), ca.get(), nullptr, nullptr, 0);
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, NID_name_constraints, value));
  REQUIRE(extension);
  REQUIRE(X509_add_ext(ca.get(), extension.get(), -1) == 1);
  return ca;
}

NameCheck wildcard_match(const char* expected) {
  return {.matches = true,
          .expected = expected,
          .identities = {"*.contoso.com"},
          .wildcard = "*.contoso.com"};
}

}  // namespace

TEST_CASE("a wildcard match into an excluded subtree does not count", "[identity][constraints]") {
  X509Ptr ca = constrained_ca("critical,excluded;DNS:secret.contoso.com");
  NameCheck excluded = wildcard_match("a.secret.contoso.com");
  excluded.expected = "secret.contoso.com";
  apply_wildcard_constraints(excluded, {ca.get()});
  CHECK_FALSE(excluded.matches);
  CHECK_THAT(excluded.refusal,
             Catch::Matchers::Contains("CN=Constrained CA's name constraints exclude "
                                       "secret.contoso.com") &&
                 Catch::Matchers::Contains("OpenSSL partners, which check the SAN as written"));
  NameCheck elsewhere = wildcard_match("sip.contoso.com");
  apply_wildcard_constraints(elsewhere, {ca.get()});
  CHECK(elsewhere.matches);
}

TEST_CASE("a wildcard match outside the permitted subtrees does not count",
          "[identity][constraints]") {
  X509Ptr ca = constrained_ca("critical,permitted;DNS:example.org");
  NameCheck outside = wildcard_match("sip.contoso.com");
  apply_wildcard_constraints(outside, {ca.get()});
  CHECK_FALSE(outside.matches);
  CHECK_THAT(outside.refusal, Catch::Matchers::Contains("permit only example.org"));
  // An exact match is OpenSSL's to judge, as it judges the SAN itself.
  NameCheck exact{
      .matches = true, .expected = "sip.contoso.com", .identities = {"sip.contoso.com"}};
  apply_wildcard_constraints(exact, {ca.get()});
  CHECK(exact.matches);
}
