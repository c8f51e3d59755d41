#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/asio.hpp"

namespace fedharness::cli {

/// A probe's target as typed: "IP:PORT" or "[IPv6]:PORT" (connected to as
/// it is), "HOST:PORT" (every address of HOST), or a domain alone, to be
/// discovered as partners discover it (SRV records).
struct ProbeTarget {
  std::string host;  // a domain or host name lower case; an address as typed
  std::optional<uint16_t> port;
  std::optional<net::asio::ip::address> address;  // when host is an IP address
};

/// Throws BadInput saying what is wrong with `text`.
ProbeTarget parse_probe_target(const std::string& text);

/// An address to listen on, "IP:PORT" or "[IPv6]:PORT" (port 0: any free
/// one). Throws BadInput naming `option`.
net::tcp::endpoint parse_listen(std::string_view option, const std::string& text);

}  // namespace fedharness::cli
