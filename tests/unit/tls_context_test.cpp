// The context cache shares one SSL_CTX between the ends that would build the
// same one, and only between them.
#include "net/tls_context.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace fedharness;
using namespace fedharness::net;

TEST_CASE("TLS contexts are shared by paths whose policies are equal copies") {
  test::SeedLab lab({}, "partner.example");
  TlsContextCache cache;
  // Each path of a scenario holds its own copy of its policy.
  Policy first = find_policy("lync");
  Policy second = find_policy("lync");
  auto context = cache.get(TlsRole::client, first, lab.trust, &lab.partner);
  CHECK(cache.get(TlsRole::client, second, lab.trust, &lab.partner) == context);

  SECTION("a policy that differs in anything has its own") {
    second.min_version = TlsVersion::tls1_3;
    CHECK(cache.get(TlsRole::client, second, lab.trust, &lab.partner) != context);
  }
  SECTION("so does the other role, or another identity") {
    CHECK(cache.get(TlsRole::server, first, lab.trust, &lab.partner) != context);
    CHECK(cache.get(TlsRole::client, first, lab.trust, nullptr) != context);
  }
}
