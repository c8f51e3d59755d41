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

char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Header names compare case-insensitively (RFC 3261 §7.3.1). Compared in
// place: every message looks up several headers, each against every line.
bool same_header(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, {}, lower_ascii, lower_ascii);
}

}  // namespace

bool header_named(std::string_view actual, std::string_view wanted) {
  if (same_header(actual, wanted)) {
    return true;
  }
  auto compact = std::ranges::find_if(
      kCompactForms, [&](const auto& form) { return same_header(form.first, wanted); });
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
  // name-addr = [display-name] "<" addr-spec ">" (RFC 3261 §20.10, §25.1): the
  // display name may quote anything, "sip:" included, so only the part inside
  // the angle brackets counts. Without brackets the addr-spec ends at ';'.
  std::string_view uri = value;
  if (auto open = value.find('<'); open != std::string_view::npos) {
    auto close = value.find('>', open);
    if (close == std::string_view::npos) {
      return {};
    }
    uri = value.substr(open + 1, close - open - 1);
  } else {
    uri = uri.substr(0, uri.find(';'));
  }
  while (!uri.empty() && (uri.front() == ' ' || uri.front() == '\t')) {
    uri.remove_prefix(1);
  }
  std::string scheme = lowercase_ascii(uri.substr(0, 5));
  if (scheme.starts_with("sips:")) {
    uri.remove_prefix(5);
  } else if (scheme.starts_with("sip:")) {
    uri.remove_prefix(4);
  } else {
    return {};
  }
  uri = uri.substr(0, uri.find_first_of(";?> \t"));
  if (auto at = uri.rfind('@'); at != std::string_view::npos) {
    uri.remove_prefix(at + 1);
  }
  uri = uri.substr(0, uri.find(':'));  // a port is not part of the domain
  return lowercase_ascii(uri);
}

}  // namespace fedharness::sip
