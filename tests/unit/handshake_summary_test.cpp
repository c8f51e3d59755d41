// What a transcript reads out of hellos and Certificate messages: bytes a
// peer wrote, so a hello cut short or lying about its lengths gives nothing.
#include "net/handshake_summary.hpp"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <vector>

using namespace fedharness::net;

namespace {

using Bytes = std::vector<uint8_t>;

void append(Bytes& out, std::initializer_list<int> bytes) {
  for (int byte : bytes) {
    out.push_back(static_cast<uint8_t>(byte));
  }
}

// `content` behind a length prefix of `width` bytes.
Bytes vector_of(size_t width, const Bytes& content) {
  Bytes out;
  for (size_t i = width; i-- > 0;) {
    out.push_back(static_cast<uint8_t>(content.size() >> (8 * i)));
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes extension(uint16_t type, const Bytes& data) {
  Bytes out{static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type)};
  Bytes body = vector_of(2, data);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

// A ClientHello body as OpenSSL 3 writes one (RFC 8446 §4.1.2), with the
// extensions given.
Bytes client_hello(uint16_t legacy_version, const Bytes& extensions, bool with_extensions = true) {
  Bytes hello{static_cast<uint8_t>(legacy_version >> 8), static_cast<uint8_t>(legacy_version)};
  hello.resize(hello.size() + 32, 0x11);  // random
  append(hello, {0});                     // empty session id
  hello = concat({hello, vector_of(2, {0x13, 0x01, 0xC0, 0x2F})});
  append(hello, {1, 0});  // null compression only
  return with_extensions ? concat({hello, vector_of(2, extensions)}) : hello;
}

Bytes server_name(std::string_view name) {
  Bytes entry{0};  // host_name
  entry = concat({entry, vector_of(2, text(name))});
  return extension(0, vector_of(2, entry));
}

}  // namespace

TEST_CASE("a TLS 1.3 ClientHello gives its SNI and versions", "[handshake]") {
  Bytes extensions = concat({extension(10, {0, 2, 0, 29}), server_name("sip.contoso.com"),
                             extension(43, vector_of(1, {0x03, 0x04, 0x03, 0x03}))});
  auto hello = read_client_hello(client_hello(0x0303, extensions));
  REQUIRE(hello);
  CHECK(hello->server_name == "sip.contoso.com");
  CHECK(hello->supported_versions == std::vector<uint16_t>{0x0304, 0x0303});
  CHECK(hello->legacy_version == 0x0303);
}

TEST_CASE("a TLS 1.0 ClientHello without SNI, or without any extension", "[handshake]") {
  auto without_sni = read_client_hello(client_hello(0x0301, extension(11, {1, 0})));
  REQUIRE(without_sni);
  CHECK_FALSE(without_sni->server_name);
  CHECK(without_sni->supported_versions.empty());
  CHECK(without_sni->legacy_version == 0x0301);
  // RFC 5246 §7.4.1.2: the extensions field may be left out altogether.
  auto bare = read_client_hello(client_hello(0x0301, {}, false));
  REQUIRE(bare);
  CHECK_FALSE(bare->server_name);
}

TEST_CASE("a hello cut short or with a lying length gives nothing", "[handshake]") {
  Bytes whole = client_hello(0x0303, server_name("sip.contoso.com"));
  for (size_t size : {size_t{0}, size_t{1}, size_t{33}, whole.size() - 1}) {
    INFO(size);
    CHECK_FALSE(read_client_hello(std::span(whole).first(size)));
  }
  Bytes lying = whole;
  lying[lying.size() - 16] = 0xFF;  // the host name's length, now past the end
  CHECK_FALSE(read_client_hello(lying));
  CHECK_FALSE(read_server_hello(Bytes{0x03, 0x03}));
}

TEST_CASE("a ServerHello gives the version chosen and the cipher", "[handshake]") {
  Bytes hello{0x03, 0x03};
  hello.resize(hello.size() + 32, 0x22);
  append(hello, {0, 0x13, 0x02, 0});  // no session id, TLS_AES_256_GCM_SHA384, null compression
  auto tls13 = read_server_hello(concat({hello, vector_of(2, extension(43, {0x03, 0x04}))}));
  REQUIRE(tls13);
  CHECK(tls13->version == 0x0304);
  CHECK(tls13->cipher_suite == 0x1302);
  CHECK_FALSE(tls13->hello_retry_request);
  auto tls12 = read_server_hello(hello);
  REQUIRE(tls12);
  CHECK(tls12->version == 0x0303);

  Bytes retry = {0x03, 0x03, 0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C,
                 0x02, 0x1E, 0x65, 0xB8, 0x91, 0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E,
                 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C, 0,    0x13, 0x01, 0};
  auto hrr = read_server_hello(retry);
  REQUIRE(hrr);
  CHECK(hrr->hello_retry_request);
}

TEST_CASE("a Certificate message gives its count and leaf, empty when none", "[handshake]") {
  Bytes leaf = text("leaf-der");
  Bytes ca = text("ca-der");
  // TLS 1.3: request context, then entries with extensions of their own.
  Bytes entries13 =
      concat({vector_of(3, leaf), vector_of(2, {}), vector_of(3, ca), vector_of(2, {})});
  Bytes message13 = concat({vector_of(1, {}), vector_of(3, entries13)});  // leaf points into it
  auto tls13 = read_certificate_list(message13, true);
  REQUIRE(tls13);
  CHECK(tls13->count == 2);
  CHECK(Bytes(tls13->leaf.begin(), tls13->leaf.end()) == leaf);
  // TLS 1.2: the list only.
  auto tls12 = read_certificate_list(vector_of(3, vector_of(3, leaf)), false);
  REQUIRE(tls12);
  CHECK(tls12->count == 1);
  auto empty = read_certificate_list(concat({vector_of(1, {}), vector_of(3, {})}), true);
  REQUIRE(empty);
  CHECK(empty->count == 0);
  CHECK_FALSE(read_certificate_list(vector_of(3, {0, 0, 9, 1}), false));
}

TEST_CASE("versions have their names", "[handshake]") {
  CHECK(tls_version_name(0x0304) == "TLSv1.3");
  CHECK(tls_version_name(0x0301) == "TLSv1.0");
  CHECK(tls_version_name(0x7f1c) == "0x7f1c");
}
