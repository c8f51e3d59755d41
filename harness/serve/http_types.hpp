#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>

namespace fedharness::serve {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using RequestHeader = http::request_header<>;
using Response = http::response<http::string_body>;

/// What one client may cost the server. Every bound turns a hostile or
/// broken client into a closed connection (or a 4xx) instead of memory,
/// descriptors or a worker held for ever.
struct HttpLimits {
  size_t max_connections = 512;  // beyond it a new connection is closed at once
  size_t header_bytes = 8 * 1024;
  size_t header_fields = 64;
  // A request's header, and its body, must arrive whole within this: a
  // slowloris client trickling a byte at a time is cut off by it.
  std::chrono::milliseconds request_timeout{10'000};
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{30'000};
  // A client that does not read what it asked for is dropped after this.
  std::chrono::milliseconds write_timeout{30'000};
};

}  // namespace fedharness::serve
