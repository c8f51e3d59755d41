#include "dns/rdata.hpp"

#include <array>

namespace fedharness::dns {
namespace {

// RFC 1035 §2.3.4: a label is at most 63 bytes, a name at most 255.
constexpr size_t kMaxLabel = 63;
constexpr size_t kMaxName = 255;

uint16_t read_u16(std::string_view bytes, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) |
                               static_cast<unsigned char>(bytes[at + 1]));
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Host names are letters, digits and hyphens (RFC 1123 §2.1); the underscore
// of service labels is allowed too. Anything else (a dot inside a label, a
// control byte) could not be told apart, or printed, once the name is text.
bool is_name_byte(char c) {
  c = lower(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// An uncompressed name (RFC 1035 §3.1) that fills `wire` exactly: "a.b" for
// a.b., "." for the root.
std::optional<std::string> parse_whole_name(std::string_view wire) {
  if (wire.empty() || wire.size() > kMaxName) {
    return std::nullopt;
  }
  std::string name;
  size_t at = 0;
  for (;;) {
    if (at >= wire.size()) {
      return std::nullopt;
    }
    size_t length = static_cast<unsigned char>(wire[at++]);
    if (length == 0) {
      break;
    }
    if (length > kMaxLabel || at + length > wire.size()) {
      return std::nullopt;  // a compression pointer (0xC0) is over 63 too
    }
    if (!name.empty()) {
      name += '.';
    }
    for (char c : wire.substr(at, length)) {
      if (!is_name_byte(c)) {
        return std::nullopt;
      }
      name += lower(c);
    }
    at += length;
  }
  if (at != wire.size()) {
    return std::nullopt;
  }
  return name.empty() ? std::string(".") : name;
}

}  // namespace

std::string_view to_string(RecordType type) {
  switch (type) {
    case RecordType::a:
      return "A";
    case RecordType::aaaa:
      return "AAAA";
    case RecordType::srv:
      return "SRV";
    case RecordType::tlsa:
      return "TLSA";
  }
  return "?";
}

std::optional<SrvRecord> parse_srv(std::string_view rdata) {
  if (rdata.size() < 7) {  // priority, weight, port and at least the root
    return std::nullopt;
  }
  std::optional<std::string> target = parse_whole_name(rdata.substr(6));
  if (!target) {
    return std::nullopt;
  }
  return SrvRecord{read_u16(rdata, 0), read_u16(rdata, 2), read_u16(rdata, 4), std::move(*target)};
}

std::optional<TlsaRecord> parse_tlsa(std::string_view rdata) {
  if (rdata.size() < 4) {  // usage, selector, matching type and some data
    return std::nullopt;
  }
  return TlsaRecord{static_cast<uint8_t>(rdata[0]), static_cast<uint8_t>(rdata[1]),
                    static_cast<uint8_t>(rdata[2]), std::string(rdata.substr(3))};
}

std::optional<net::asio::ip::address> parse_address(RecordType type, std::string_view rdata) {
  if (type == RecordType::a && rdata.size() == 4) {
    std::array<unsigned char, 4> bytes;
    std::copy(rdata.begin(), rdata.end(), bytes.begin());
    return net::asio::ip::address_v4(bytes);
  }
  if (type == RecordType::aaaa && rdata.size() == 16) {
    std::array<unsigned char, 16> bytes;
    std::copy(rdata.begin(), rdata.end(), bytes.begin());
    return net::asio::ip::address_v6(bytes);
  }
  return std::nullopt;
}

}  // namespace fedharness::dns
