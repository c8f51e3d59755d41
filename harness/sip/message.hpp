#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedharness::sip {

/// A SIP request or response (RFC 3261 §7). Header names keep the spelling
/// they arrived with; lookups are case-insensitive and know the compact forms
/// (RFC 3261 §7.3.3).
struct Message {
  // Request: method and Request-URI. Response: status code and reason phrase.
  std::string method;
  std::string request_uri;
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  bool is_request() const { return !method.empty(); }

  /// The first value of a header, by its full or compact name.
  std::optional<std::string_view> header(std::string_view name) const;
  void add_header(std::string name, std::string value);

  /// The wire form, with a Content-Length that matches the body.
  std::string serialize() const;

  /// "OPTIONS sip:contoso.com" or "403 Forbidden", for evidence and transcripts.
  std::string start_line() const;
};

/// True when a header called `actual` is the header `wanted`, by its full or
/// compact name, case-insensitively.
bool header_named(std::string_view actual, std::string_view wanted);

/// The domain of a "Display <sip:user@domain;params>;tag=..." header value,
/// lower case, or empty when there is none.
std::string domain_of_name_addr(std::string_view value);

}  // namespace fedharness::sip
