#pragma once

#include <string>

#include "net/asio.hpp"

namespace fedharness::cli {

/// "HOST:PORT" or "[IPv6]:PORT" of an endpoint under test; throws BadInput.
net::tcp::endpoint parse_endpoint(const std::string& text);

}  // namespace fedharness::cli
