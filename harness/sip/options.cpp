#include "sip/options.hpp"

#include <fmt/core.h>
#include <openssl/rand.h>

#include <array>

namespace fedharness::sip {
namespace {

std::string random_token() {
  std::array<unsigned char, 8> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string token;
  for (unsigned char byte : bytes) {
    token += fmt::format("{:02x}", byte);
  }
  return token;
}

// warn-text is a quoted-string (RFC 3261 §20.43, §25.1): '"' and '\\' go as
// quoted pairs, and control characters (a CR or LF from a peer's certificate
// name would end the header) become spaces.
std::string quoted_string(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      quoted += ' ';
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

}  // namespace

Message make_options(std::string_view from_domain, std::string_view to_domain,
                     std::string_view via_address) {
  Message request;
  request.method = "OPTIONS";
  request.request_uri = fmt::format("sip:{}", to_domain);
  // RFC 3261 §8.1.1.7: the branch starts with the magic cookie z9hG4bK.
  request.add_header(
      "Via", fmt::format("SIP/2.0/TLS {};branch=z9hG4bK{};rport", via_address, random_token()));
  request.add_header("Max-Forwards", "70");
  request.add_header("From",
                     fmt::format("<sip:fedharness@{}>;tag={}", from_domain, random_token()));
  request.add_header("To", fmt::format("<sip:{}>", to_domain));
  request.add_header("Call-ID", fmt::format("{}@{}", random_token(), from_domain));
  request.add_header("CSeq", "1 OPTIONS");
  request.add_header("Contact", fmt::format("<sip:fedharness@{};transport=tls>", via_address));
  request.add_header("Accept", "application/sdp");
  request.add_header("User-Agent", "fedharness");
  return request;
}

Message make_response(const Message& request, int status, std::string_view reason,
                      std::string_view warning) {
  Message response;
  response.status = status;
  response.reason = std::string(reason);
  for (const auto& [name, value] : request.headers) {
    for (std::string_view copied : {"Via", "From", "Call-ID", "CSeq"}) {
      if (header_named(name, copied)) {
        response.add_header(name, value);
      }
    }
  }
  if (auto to = request.header("To")) {
    std::string value(*to);
    if (value.find(";tag=") == std::string::npos) {
      value += ";tag=" + random_token();
    }
    response.add_header("To", value);
  }
  if (!warning.empty()) {
    response.add_header("Warning", fmt::format("399 fedharness {}", quoted_string(warning)));
  }
  response.add_header("Server", "fedharness");
  return response;
}

}  // namespace fedharness::sip
