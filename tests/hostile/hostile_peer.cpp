#include "hostile_peer.hpp"

#include <array>
#include <boost/asio/write.hpp>

namespace fedharness::hostile {

using namespace net;

namespace {

// No script outlives this, even against an end under test that never closes:
// the tests then fail on time instead of hanging.
constexpr auto kLongestScript = std::chrono::seconds(30);

asio::awaitable<void> pause(std::chrono::milliseconds interval) {
  asio::steady_timer timer(co_await asio::this_coro::executor, interval);
  co_await timer.async_wait(nothrow);
}

}  // namespace

Wire::Wire(tcp::socket socket) : tcp_(&plain_), plain_(std::move(socket)) {}

bool Wire::open() const {
  return tcp_->is_open();
}

asio::awaitable<bool> Wire::send(std::string_view bytes) {
  auto [error, size] = tls_ ? co_await asio::async_write(*tls_, asio::buffer(bytes), nothrow)
                            : co_await asio::async_write(*tcp_, asio::buffer(bytes), nothrow);
  co_return !error;
}

asio::awaitable<std::optional<size_t>> Wire::read_some(asio::mutable_buffer buffer) {
  auto [error, size] = tls_ ? co_await tls_->async_read_some(buffer, nothrow)
                            : co_await tcp_->async_read_some(buffer, nothrow);
  if (error) {
    co_return std::nullopt;
  }
  co_return size;
}

asio::awaitable<bool> Wire::receive_until(std::string_view marker) {
  std::array<char, 4096> buffer;
  while (received_.find(marker) == std::string::npos) {
    std::optional<size_t> size = co_await read_some(asio::buffer(buffer));
    if (!size) {
      co_return false;
    }
    received_.append(buffer.data(), *size);
  }
  received_.erase(0, received_.find(marker) + marker.size());
  co_return true;
}

asio::awaitable<void> Wire::drain() {
  std::array<char, 4096> buffer;
  while (co_await read_some(asio::buffer(buffer))) {
  }
}

asio::awaitable<bool> Wire::start_tls(asio::ssl::context& context,
                                      asio::ssl::stream_base::handshake_type role) {
  tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(plain_), context);
  tcp_ = &tls_->next_layer();
  auto [error] = co_await tls_->async_handshake(role, nothrow);
  co_return !error;
}

void Wire::reset() {
  error_code ignored;
  tcp_->set_option(tcp::socket::linger(true, 0), ignored);
  tcp_->close(ignored);
}

void Wire::close() {
  error_code ignored;
  tcp_->close(ignored);
}

Step send(std::string_view bytes) {
  return [bytes = std::string(bytes)](Wire& wire) { return wire.send(bytes); };
}

Step send_slowly(std::string_view bytes, std::chrono::milliseconds interval) {
  return [bytes = std::string(bytes), interval](Wire& wire) -> asio::awaitable<bool> {
    for (char byte : bytes) {
      if (!co_await wire.send(std::string_view(&byte, 1))) {
        co_return false;
      }
      co_await pause(interval);
    }
    co_return true;
  };
}

Step repeat(std::string_view bytes, std::chrono::milliseconds interval) {
  return [bytes = std::string(bytes), interval](Wire& wire) -> asio::awaitable<bool> {
    auto end = std::chrono::steady_clock::now() + kLongestScript;
    while (std::chrono::steady_clock::now() < end) {
      if (!co_await wire.send(bytes)) {
        co_return false;
      }
      co_await pause(interval);
    }
    co_return false;
  };
}

Step flood(std::string_view bytes) {
  return [bytes = std::string(bytes)](Wire& wire) -> asio::awaitable<bool> {
    // Many copies per write, so that the flood is as fast as loopback is.
    std::string burst;
    while (burst.size() < 64 * 1024) {
      burst += bytes;
    }
    auto end = std::chrono::steady_clock::now() + kLongestScript;
    while (std::chrono::steady_clock::now() < end) {
      if (!co_await wire.send(burst)) {
        co_return false;
      }
    }
    co_return false;
  };
}

Step receive_until(std::string_view marker) {
  return [marker = std::string(marker)](Wire& wire) { return wire.receive_until(marker); };
}

Step start_tls_server(std::shared_ptr<asio::ssl::context> context) {
  return [context](Wire& wire) { return wire.start_tls(*context, asio::ssl::stream_base::server); };
}

Step start_tls_client(std::shared_ptr<asio::ssl::context> context) {
  return [context](Wire& wire) { return wire.start_tls(*context, asio::ssl::stream_base::client); };
}

Step stall() {
  return [](Wire& wire) -> asio::awaitable<bool> {
    co_await wire.drain();
    co_return false;
  };
}

Step close() {
  return [](Wire& wire) -> asio::awaitable<bool> {
    wire.close();
    co_return false;
  };
}

Step reset() {
  return [](Wire& wire) -> asio::awaitable<bool> {
    wire.reset();
    co_return false;
  };
}

asio::awaitable<void> play(tcp::socket socket, Script script) {
  Wire wire(std::move(socket));
  for (const Step& step : script) {
    if (!co_await step(wire)) {
      break;
    }
  }
  if (wire.open()) {
    co_await wire.drain();
  }
}

}  // namespace fedharness::hostile
