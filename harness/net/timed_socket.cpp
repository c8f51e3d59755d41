#include "net/timed_socket.hpp"

#include <boost/asio/write.hpp>

namespace fedharness::net {

struct TimedSocket::State {
  explicit State(tcp::socket connection)
      : socket(std::move(connection)), timer(socket.get_executor()) {}

  tcp::socket socket;
  asio::steady_timer timer;
  bool expired = false;
  // Which deadline is armed: a timer that fired just before being re-armed
  // has its handler queued already, and must not expire the new deadline.
  unsigned deadline = 0;
};

namespace {

// What an operation's error means once the deadline may have cancelled it.
error_code after_deadline(const error_code& error, bool expired) {
  return error == asio::error::operation_aborted && expired ? error_code(beast::error::timeout)
                                                            : error;
}

}  // namespace

TimedSocket::TimedSocket(const asio::any_io_executor& executor)
    : TimedSocket(tcp::socket(executor)) {}

TimedSocket::TimedSocket(tcp::socket socket) : state_(std::make_shared<State>(std::move(socket))) {}

tcp::socket& TimedSocket::socket() {
  return state_->socket;
}

void TimedSocket::expires_after(std::chrono::steady_clock::duration timeout) {
  state_->expired = false;
  unsigned deadline = ++state_->deadline;
  state_->timer.expires_after(timeout);  // cancels the previous deadline's wait
  state_->timer.async_wait(
      [weak = std::weak_ptr<State>(state_), deadline](const error_code& error) {
        std::shared_ptr<State> state = weak.lock();
        if (error || !state || state->deadline != deadline) {
          return;  // re-armed, or the socket is gone
        }
        state->expired = true;
        error_code ignored;  // a socket already closed has nothing to cancel
        state->socket.cancel(ignored);
      });
}

asio::awaitable<error_code> TimedSocket::connect(const tcp::endpoint& peer) {
  if (state_->expired) {
    co_return beast::error::timeout;
  }
  auto [error] = co_await state_->socket.async_connect(peer, nothrow);
  co_return after_deadline(error, state_->expired);
}

asio::awaitable<error_code> TimedSocket::wait(tcp::socket::wait_type readiness) {
  if (state_->expired) {
    co_return beast::error::timeout;
  }
  auto [error] = co_await state_->socket.async_wait(readiness, nothrow);
  co_return after_deadline(error, state_->expired);
}

asio::awaitable<std::tuple<error_code, std::size_t>> TimedSocket::read_some(
    asio::mutable_buffer buffer) {
  if (state_->expired) {
    co_return std::tuple(error_code(beast::error::timeout), std::size_t{0});
  }
  auto [error, size] = co_await state_->socket.async_read_some(buffer, nothrow);
  co_return std::tuple(after_deadline(error, state_->expired), size);
}

asio::awaitable<error_code> TimedSocket::write_all(asio::const_buffer buffer) {
  if (state_->expired) {
    co_return beast::error::timeout;
  }
  auto [error, size] = co_await asio::async_write(state_->socket, buffer, nothrow);
  co_return after_deadline(error, state_->expired);
}

}  // namespace fedharness::net
