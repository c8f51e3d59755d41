#include "net/handshake_summary.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

namespace fedharness::net {
namespace {

// A bounds-checked reader of TLS presentation-language fields (RFC 8446
// §3): a read past the end fails, and every read after it fails too.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes, bool ok = true) : rest_(bytes), ok_(ok) {}

  bool ok() const { return ok_; }
  bool at_end() const { return rest_.empty(); }

  uint64_t number(size_t width) {
    uint64_t value = 0;
    for (uint8_t byte : take(width)) {
      value = value << 8 | byte;
    }
    return value;
  }

  std::span<const uint8_t> take(size_t size) {
    if (!ok_ || rest_.size() < size) {
      ok_ = false;
      return {};
    }
    std::span<const uint8_t> taken = rest_.first(size);
    rest_ = rest_.subspan(size);
    return taken;
  }

  // The bytes of a vector whose length prefix is `width` bytes long.
  std::span<const uint8_t> vector(size_t width) { return take(static_cast<size_t>(number(width))); }

  // A reader of such a vector's content; it fails when this one did.
  Reader inner(size_t width) {
    std::span<const uint8_t> content = vector(width);
    return Reader(content, ok_);
  }

 private:
  std::span<const uint8_t> rest_;
  bool ok_ = true;
};

constexpr uint16_t kServerName = 0;
constexpr uint16_t kSupportedVersions = 43;
constexpr uint8_t kHostName = 0;

// SHA-256 of "HelloRetryRequest", the random of a HelloRetryRequest (RFC 8446 §4.1.3).
constexpr std::array<uint8_t, 32> kHelloRetryRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

// ServerNameList (RFC 6066 §3): the first host_name entry; false when malformed.
bool read_host_name(Reader extension, std::optional<std::string>& name) {
  Reader names = extension.inner(2);
  while (names.ok() && !names.at_end()) {
    auto type = names.number(1);
    std::span<const uint8_t> bytes = names.vector(2);
    if (names.ok() && type == kHostName && !name) {
      name = std::string(bytes.begin(), bytes.end());
    }
  }
  return names.ok();
}

// Calls `read(type, data)` for each extension of a hello, which says whether
// it was well-formed; false when one was not, or the list itself is not. A
// hello may end without any (RFC 5246 §7.4.1.2).
template <typename Read>
bool each_extension(Reader& hello, Read read) {
  if (hello.ok() && hello.at_end()) {
    return true;
  }
  Reader extensions = hello.inner(2);
  bool well_formed = true;
  while (well_formed && extensions.ok() && !extensions.at_end()) {
    auto type = static_cast<uint16_t>(extensions.number(2));
    Reader data = extensions.inner(2);
    well_formed = data.ok() && read(type, data);
  }
  return well_formed && extensions.ok();
}

}  // namespace

std::optional<ClientHelloSummary> read_client_hello(std::span<const uint8_t> body) {
  Reader hello(body);
  ClientHelloSummary summary;
  summary.legacy_version = static_cast<uint16_t>(hello.number(2));
  hello.take(32);   // random
  hello.vector(1);  // legacy_session_id
  hello.vector(2);  // cipher_suites
  hello.vector(1);  // legacy_compression_methods
  bool ok = each_extension(hello, [&](uint16_t type, Reader data) {
    if (type == kServerName) {
      return read_host_name(data, summary.server_name);
    }
    if (type == kSupportedVersions) {
      Reader versions = data.inner(1);
      while (versions.ok() && !versions.at_end()) {
        auto version = static_cast<uint16_t>(versions.number(2));
        if (versions.ok()) {
          summary.supported_versions.push_back(version);
        }
      }
      return versions.ok();
    }
    return true;
  });
  if (!ok || !hello.ok()) {
    return std::nullopt;
  }
  return summary;
}

std::optional<ServerHelloSummary> read_server_hello(std::span<const uint8_t> body) {
  Reader hello(body);
  ServerHelloSummary summary;
  summary.version = static_cast<uint16_t>(hello.number(2));
  std::span<const uint8_t> random = hello.take(32);
  summary.hello_retry_request = std::ranges::equal(random, kHelloRetryRandom);
  hello.vector(1);  // legacy_session_id_echo
  summary.cipher_suite = static_cast<uint16_t>(hello.number(2));
  hello.take(1);  // legacy_compression_method
  bool ok = each_extension(hello, [&](uint16_t type, Reader data) {
    if (type == kSupportedVersions) {
      auto selected = static_cast<uint16_t>(data.number(2));
      if (data.ok()) {
        summary.version = selected;
      }
      return data.ok();
    }
    return true;
  });
  if (!ok || !hello.ok()) {
    return std::nullopt;
  }
  return summary;
}

std::optional<CertificateListSummary> read_certificate_list(std::span<const uint8_t> body,
                                                            bool tls13) {
  Reader message(body);
  if (tls13) {
    message.vector(1);  // certificate_request_context
  }
  Reader entries = message.inner(3);
  CertificateListSummary summary;
  while (entries.ok() && !entries.at_end()) {
    std::span<const uint8_t> der = entries.vector(3);
    if (tls13) {
      entries.vector(2);  // the entry's extensions
    }
    if (entries.ok() && summary.count++ == 0) {
      summary.leaf = der;
    }
  }
  if (!entries.ok() || !message.ok()) {
    return std::nullopt;
  }
  return summary;
}

std::string tls_version_name(uint16_t version) {
  switch (version) {
    case 0x0300:
      return "SSLv3";
    case 0x0301:
      return "TLSv1.0";
    case 0x0302:
      return "TLSv1.1";
    case 0x0303:
      return "TLSv1.2";
    case 0x0304:
      return "TLSv1.3";
    default:
      return fmt::format("0x{:04x}", version);
  }
}

}  // namespace fedharness::net
