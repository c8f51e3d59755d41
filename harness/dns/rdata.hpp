#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/asio.hpp"

namespace fedharness::dns {

/// The record types discovery asks for (RFC 1035 §3.2.2, RFC 3596, RFC 2782,
/// RFC 6698).
enum class RecordType : uint16_t { a = 1, aaaa = 28, srv = 33, tlsa = 52 };

std::string_view to_string(RecordType type);

/// An SRV record's data (RFC 2782). `target` is lower case without the final
/// dot; "." when the service is decidedly not available at the domain.
struct SrvRecord {
  uint16_t priority = 0;
  uint16_t weight = 0;
  uint16_t port = 0;
  std::string target;
};

/// A TLSA record's data (RFC 6698 §2.1).
struct TlsaRecord {
  uint8_t usage = 0;     // 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE
  uint8_t selector = 0;  // 0 the whole certificate, 1 its SubjectPublicKeyInfo
  uint8_t matching = 0;  // 0 exact, 1 SHA-256, 2 SHA-512
  std::string data;
};

// Each parser reads one record's RDATA as the resolver gives it (without
// RDLENGTH) and gives nothing when the bytes are not exactly such a record:
// a name must be plain labels (RFC 2782 forbids compressing an SRV target,
// and the resolver has expanded any pointer already), at most 255 bytes,
// ending where the data ends.
std::optional<SrvRecord> parse_srv(std::string_view rdata);
std::optional<TlsaRecord> parse_tlsa(std::string_view rdata);
std::optional<net::asio::ip::address> parse_address(RecordType type, std::string_view rdata);

}  // namespace fedharness::dns
