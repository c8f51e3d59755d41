#pragma once

// The Asio and Beast names the network code uses, in one place.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>

namespace fedharness::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

/// TLS over a TCP stream whose every operation runs under a deadline
/// (beast::tcp_stream::expires_after), as the Beast examples do.
using TlsStream = asio::ssl::stream<beast::tcp_stream>;

/// Completion token for coroutines that look at the error code instead of
/// catching: `auto [ec, n] = co_await op(..., nothrow);`
inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

/// How long each stage may take. A federation peer on loopback answers in
/// milliseconds; a real Edge across the Internet in well under a second.
struct Deadlines {
  std::chrono::milliseconds connect{5000};
  std::chrono::milliseconds handshake{5000};
  std::chrono::milliseconds read{5000};
};

}  // namespace fedharness::net
