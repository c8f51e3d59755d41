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

#include "net/deadlines.hpp"

namespace fedharness::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

/// TLS over a TCP stream whose every operation runs under a deadline
/// (beast::tcp_stream::expires_at): the end of the stage it belongs to.
using TlsStream = asio::ssl::stream<beast::tcp_stream>;

/// Completion token for coroutines that look at the error code instead of
/// catching: `auto [ec, n] = co_await op(..., nothrow);`
inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

}  // namespace fedharness::net
