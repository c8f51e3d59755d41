#include "cli/endpoint.hpp"

#include <fmt/core.h>

#include "util/bad_input.hpp"

namespace fedharness::cli {

using namespace net;

tcp::endpoint parse_endpoint(const std::string& text) {
  // HOST:PORT, or [IPv6]:PORT
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw BadInput(fmt::format("{}: expected HOST:PORT", text));
  }
  std::string host = text.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) {
    host = host.substr(1, host.size() - 2);
  }
  error_code error;
  auto address = asio::ip::make_address(host, error);
  if (error) {
    throw BadInput(
        fmt::format("{}: '{}' is not an IP address (the servers under test are on "
                    "loopback)",
                    text, host));
  }
  unsigned port = 0;
  try {
    size_t used = 0;
    port = static_cast<unsigned>(std::stoul(text.substr(colon + 1), &used));
    if (used != text.size() - colon - 1) {
      port = 0;
    }
  } catch (const std::exception&) {
    port = 0;
  }
  if (port == 0 || port > 65535) {
    throw BadInput(fmt::format("{}: '{}' is not a port", text, text.substr(colon + 1)));
  }
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace fedharness::cli
