#pragma once

#include <memory>
#include <optional>
#include <variant>

#include "net/asio.hpp"
#include "serve/event_hub.hpp"
#include "serve/http_types.hpp"

namespace fedharness::serve {

/// The answer to a request: a response, or the live event stream.
struct EventStream {};
using Reply = std::variant<Response, EventStream>;

/// What the server asks of the application, on the server's thread.
class HttpHandler {
 public:
  virtual ~HttpHandler() = default;

  /// Once the header is in and before any body is read: an answer to send
  /// at once (401, 404, 405), or none and `body_limit` set to the most body
  /// this request may carry (0: none). An unauthorized client never gets to
  /// send a body.
  virtual std::optional<Response> screen(const RequestHeader& header, size_t& body_limit) = 0;

  /// A whole request.
  virtual Reply answer(const Request& request) = 0;
};

/// An HTTP/1.1 server on Boost.Beast: one io_context, a coroutine per
/// connection (no thread per connection), keep-alive, and every limit of
/// HttpLimits enforced.
class HttpServer {
 public:
  HttpServer(net::asio::io_context& context, const net::tcp::endpoint& listen, HttpLimits limits,
             HttpHandler& handler, EventHub& events);

  net::tcp::endpoint endpoint() const { return endpoint_; }

  /// Stops accepting; connections end with their next request.
  void stop();

 private:
  net::asio::awaitable<void> accept_loop();
  net::asio::awaitable<void> serve_connection(net::tcp::socket socket);
  net::asio::awaitable<void> stream_events(boost::beast::tcp_stream& stream);
  net::asio::awaitable<void> linger(boost::beast::tcp_stream& stream);
  Reply answer_safely(const Request& request);

  net::tcp::acceptor acceptor_;
  net::tcp::endpoint endpoint_;
  HttpLimits limits_;
  HttpHandler& handler_;
  EventHub& events_;
  size_t connections_ = 0;
};

/// A response with `status`, a body of `content_type`, and the headers
/// every response of ours carries.
Response make_response(http::status status, std::string body, std::string_view content_type);

/// A JSON error body, {"error": message}.
Response error_response(http::status status, std::string_view message);

}  // namespace fedharness::serve
