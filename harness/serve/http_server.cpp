#include "serve/http_server.hpp"

#include <fmt/core.h>

#include <array>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/value.hpp>
#include <iterator>

#include "net/listening.hpp"
#include "report/json_text.hpp"
#include "transcript/printable.hpp"

namespace fedharness::serve {

using namespace net;

namespace {

// A client that reads nothing still gets a line every so often, so that a
// dead one is found (the write fails) and proxies keep the stream open.
constexpr std::chrono::seconds kEventKeepAlive{15};

Response early_error(http::status status, std::string_view message) {
  Response response = error_response(status, message);
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

// Which answer a failed header read gets: a client that broke the grammar
// or a limit is told why; one that went away or timed out is not.
std::optional<Response> answer_to_read_error(const error_code& error) {
  if (error == http::error::header_limit) {
    return early_error(http::status::request_header_fields_too_large,
                       "the request's header is larger than this server takes");
  }
  if (error == http::error::body_limit) {
    return early_error(http::status::payload_too_large,
                       "the request's body is larger than this request takes");
  }
  if (error.category() == http::make_error_code(http::error::end_of_stream).category() &&
      error != http::error::end_of_stream && error != http::error::partial_message) {
    return early_error(http::status::bad_request,
                       std::string("the request is not HTTP/1.1: ") + error.message());
  }
  return std::nullopt;
}

}  // namespace

Response make_response(http::status status, std::string body, std::string_view content_type) {
  Response response(status, 11);
  response.set(http::field::server, "fedharness");
  response.set(http::field::content_type, content_type);
  // Nothing we send is to be cached, sniffed into another type, framed, or
  // followed by a Referer; a page that needs more sets its own policy.
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response.body() = std::move(body);
  return response;
}

Response error_response(http::status status, std::string_view message) {
  boost::json::value body = {{"error", message}};
  return make_response(status, to_json_text(body) + "\n", "application/json");
}

HttpServer::HttpServer(asio::io_context& context, const tcp::endpoint& listen, HttpLimits limits,
                       HttpHandler& handler, EventHub& events)
    : acceptor_(listen_on(context, listen)),
      endpoint_(acceptor_.local_endpoint()),
      limits_(limits),
      handler_(handler),
      events_(events) {
  asio::co_spawn(context, accept_loop(), asio::detached);
}

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] { acceptor_.close(); });
}

asio::awaitable<void> HttpServer::accept_loop() {
  AcceptBackoff backoff;
  for (;;) {
    auto [error, socket] = co_await acceptor_.async_accept(nothrow);
    if (error == asio::error::operation_aborted || !acceptor_.is_open()) {
      co_return;
    }
    if (error) {
      co_await backoff.failed(acceptor_, error);
      continue;
    }
    backoff.succeeded();
    if (connections_ >= limits_.max_connections) {
      // Full: the newcomer is closed at once (its client sees a reset or
      // end of stream) rather than queued behind clients that hold theirs.
      socket.close();
      continue;
    }
    ++connections_;
    asio::co_spawn(
        acceptor_.get_executor(),
        [this, socket = std::move(socket)]() mutable -> asio::awaitable<void> {
          co_await serve_connection(std::move(socket));
          --connections_;
        },
        asio::detached);
  }
}

asio::awaitable<void> HttpServer::serve_connection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (bool first = true;; first = false) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
    // No limit while the header is read: Beast would refuse an announced
    // body before the handler could say 401 or 404 to the request.
    parser.body_limit(boost::none);
    auto deadline =
        std::chrono::steady_clock::now() + (first ? limits_.request_timeout : limits_.idle_timeout);
    stream.expires_at(deadline);
    auto [read_error, header_bytes] =
        co_await http::async_read_header(stream, buffer, parser, nothrow);
    std::optional<Response> early;
    if (read_error) {
      early = answer_to_read_error(read_error);
      if (!early) {
        break;  // gone, timed out, or closed between requests
      }
    } else if (static_cast<size_t>(std::distance(parser.get().begin(), parser.get().end())) >
               limits_.header_fields) {
      early = early_error(http::status::request_header_fields_too_large,
                          "the request has more header fields than this server takes");
    } else {
      size_t body_limit = 0;
      early = handler_.screen(parser.get().base(), body_limit);
      if (!early && parser.content_length().value_or(0) > body_limit) {
        early = early_error(http::status::payload_too_large,
                            "the request's body is larger than this request takes");
      }
      if (!early) {
        parser.body_limit(body_limit);
        // RFC 9110 §10.1.1: a client waiting for 100 Continue sends its body
        // only once told to; it has passed the screen, so tell it.
        if (parser.get()[http::field::expect] == "100-continue" && !parser.is_done()) {
          http::response<http::empty_body> go_on(http::status::continue_, 11);
          stream.expires_after(limits_.write_timeout);
          auto [continue_error, continue_bytes] =
              co_await http::async_write(stream, go_on, nothrow);
          if (continue_error) {
            break;
          }
        }
        // Header and body share one deadline.
        stream.expires_at(deadline);
        auto [body_error, body_bytes] = co_await http::async_read(stream, buffer, parser, nothrow);
        if (body_error) {
          early = answer_to_read_error(body_error);
          if (!early) {
            break;
          }
        }
      }
    }
    Response response;
    if (early) {
      // A body it did not read would be taken for the next request: close.
      response = std::move(*early);
      response.keep_alive(false);
    } else {
      Reply reply = answer_safely(parser.get());
      if (std::holds_alternative<EventStream>(reply)) {
        co_await stream_events(stream);
        break;
      }
      response = std::move(std::get<Response>(reply));
      response.keep_alive(parser.get().keep_alive());
    }
    response.prepare_payload();
    stream.expires_after(limits_.write_timeout);
    auto [write_error, written] = co_await http::async_write(stream, response, nothrow);
    if (write_error || !response.keep_alive()) {
      break;
    }
  }
  co_await linger(stream);
}

// A request whose answer failed (the database unreadable, a stored
// document damaged) gets a 500 saying so, and the server goes on.
Reply HttpServer::answer_safely(const Request& request) {
  try {
    return handler_.answer(request);
  } catch (const std::exception& error) {
    fmt::print(stderr, "fedharness serve: {} {}: {}\n", std::string_view(request.method_string()),
               printable_line(request.target()), error.what());
    return error_response(http::status::internal_server_error,
                          std::string("internal error: ") + error.what());
  }
}

// Closing a socket with unread bytes in it sends a reset, which may destroy
// the response we just wrote before the client reads it (a 431 or 413 sent
// before the whole request arrived). Like nginx's lingering close: end our
// side, then read and drop what the client still sends, for a short while.
asio::awaitable<void> HttpServer::linger(beast::tcp_stream& stream) {
  constexpr size_t kMostDrained = 64 * 1024;
  constexpr std::chrono::seconds kLingering{1};
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(kLingering);
  std::array<char, 4096> sink{};
  for (size_t drained = 0; drained < kMostDrained;) {
    auto [error, read] = co_await stream.async_read_some(asio::buffer(sink), nothrow);
    if (error) {
      break;
    }
    drained += read;
  }
  stream.close();
}

asio::awaitable<void> HttpServer::stream_events(beast::tcp_stream& stream) {
  Response header = make_response(http::status::ok, "", "text/event-stream");
  // The stream's end is the connection's end: no length, no chunking.
  header.keep_alive(false);
  http::response_serializer<http::string_body> serializer(header);
  stream.expires_after(limits_.write_timeout);
  auto [header_error, header_bytes] =
      co_await http::async_write_header(stream, serializer, nothrow);
  if (header_error) {
    co_return;
  }
  std::shared_ptr<EventHub::Subscriber> subscriber = events_.subscribe();
  for (;;) {
    std::string text;
    if (subscriber->dropped) {
      break;
    }
    if (!subscriber->pending.empty()) {
      text = std::move(subscriber->pending.front());
      subscriber->pending.pop_front();
    } else {
      subscriber->wake.expires_after(kEventKeepAlive);
      auto [wait_error] = co_await subscriber->wake.async_wait(nothrow);
      if (wait_error == asio::error::operation_aborted) {
        continue;  // an event arrived
      }
      text = ": keep-alive\n\n";  // an SSE comment, which the page ignores
    }
    stream.expires_after(limits_.write_timeout);
    auto [write_error, written] = co_await asio::async_write(stream, asio::buffer(text), nothrow);
    if (write_error) {
      break;
    }
  }
  events_.unsubscribe(subscriber);
}

}  // namespace fedharness::serve
