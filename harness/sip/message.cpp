#include "sip/message.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "topology/dns_name.hpp"

namespace fedharness::sip {
namespace {

// RFC 3261 §7.3.3 compact forms of the headers this harness reads.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kCompactForms{{
    {"content-length", "l"},
    {"content-type", "c"},
    {"from", "f"},
    {"to", "t"},
    {"call-id", "i"},
    {"via", "v"},
    {"contact", "m"},
}};

bool same_header(std::string_view a, std::string_view b) {
  return lowercase_ascii(a) == lowercase_ascii(b);
}

}  // namespace

bool header_named(std::string_view actual, std::string_view wanted) {
  if (same_header(actual, wanted)) {
    return true;
  }
  std::string lower = lowercase_ascii(wanted);
  auto compact = std::ranges::find(kCompactForms, lower,
                                   &std::pair<std::string_view, std::string_view>::first);
  return compact != kCompactForms.end() && same_header(actual, compact->second);
}

std::optional<std::string_view> Message::header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (header_named(header_name, name)) {
      return value;
    }
  }
  return std::nullopt;
}

void Message::add_header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
}

std::string Message::start_line() const {
  return is_request() ? fmt::format("{} {}", method, request_uri)
                      : fmt::format("{} {}", status, reason);
}

std::string Message::serialize() const {
  std::string wire = is_request() ? fmt::format("{} {} SIP/2.0\r\n", method, request_uri)
                                  : fmt::format("SIP/2.0 {} {}\r\n", status, reason);
  for (const auto& [name, value] : headers) {
    if (!header_named(name, "Content-Length")) {
      wire += fmt::format("{}: {}\r\n", name, value);
    }
  }
  wire += fmt::format("Content-Length: {}\r\n\r\n", body.size());
  wire += body;
  return wire;
}

std::string domain_of_name_addr(std::string_view value) {
  auto sip = lowercase_ascii(value).find("sip:");
  if (sip == std::string::npos) {
    return {};
  }
  std::string_view uri = value.substr(sip + 4);
  uri = uri.substr(0, uri.find_first_of(">;? \t"));
  if (auto at = uri.rfind('@'); at != std::string_view::npos) {
    uri.remove_prefix(at + 1);
  }
  uri = uri.substr(0, uri.find(':'));  // a port is not part of the domain
  return lowercase_ascii(uri);
}

}  // namespace fedharness::sip
