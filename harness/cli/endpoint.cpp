#include "cli/endpoint.hpp"

#include <fmt/core.h>

#include <charconv>

#include "topology/dns_name.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

using namespace net;

namespace {

uint16_t parse_port(const std::string& text, std::string_view port) {
  unsigned number = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc() || end != port.data() + port.size() || number == 0 || number > 65535) {
    throw BadInput(fmt::format("{}: '{}' is not a port", text, port));
  }
  return static_cast<uint16_t>(number);
}

std::optional<asio::ip::address> address_of(const std::string& host) {
  error_code error;
  auto address = asio::ip::make_address(host, error);
  return error ? std::nullopt : std::optional(address);
}

}  // namespace

ProbeTarget parse_probe_target(const std::string& text) {
  ProbeTarget target;
  if (text.starts_with('[')) {
    // [IPv6]:PORT (RFC 3986 §3.2.2)
    size_t close = text.find("]:");
    if (close == std::string::npos) {
      throw BadInput(fmt::format("{}: expected [IPv6]:PORT", text));
    }
    target.host = text.substr(1, close - 1);
    target.address = address_of(target.host);
    if (!target.address || !target.address->is_v6()) {
      throw BadInput(fmt::format("{}: '{}' is not an IPv6 address", text, target.host));
    }
    target.port = parse_port(text, std::string_view(text).substr(close + 2));
    return target;
  }
  size_t colon = text.find(':');
  if (colon != text.rfind(':')) {
    throw BadInput(fmt::format("{}: an IPv6 address goes in brackets: [{}]:PORT", text, text));
  }
  target.host = text.substr(0, colon);
  if (colon != std::string::npos) {
    target.port = parse_port(text, std::string_view(text).substr(colon + 1));
  }
  target.address = address_of(target.host);
  if (target.address) {
    if (!target.port) {
      throw BadInput(fmt::format("{}: an address needs a port (ADDRESS:PORT)", text));
    }
    return target;
  }
  target.host = lowercase_ascii(target.host);
  bool host_name =
      is_fully_qualified_host_name(target.host) || (target.port && target.host == "localhost");
  if (!host_name) {
    throw BadInput(fmt::format(
        "{}: '{}' is neither an IP address nor a fully qualified domain name", text, target.host));
  }
  return target;
}

net::tcp::endpoint parse_listen(std::string_view option, const std::string& text) {
  auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) {
    host = host.substr(1, host.size() - 2);  // [IPv6]:PORT (RFC 3986 §3.2.2)
  }
  net::error_code error;
  auto address = net::asio::ip::make_address(host, error);
  unsigned long port = 65536;
  if (!error) {
    try {
      port = std::stoul(text.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  if (error || port > 65535) {
    throw BadInput(fmt::format("{} {}: expected ADDRESS:PORT, e.g. 127.0.0.1:5061 or [::1]:5061",
                               option, text));
  }
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace fedharness::cli
