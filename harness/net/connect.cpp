#include "net/connect.hpp"

#include <fmt/core.h>

namespace fedharness::net {

asio::awaitable<std::optional<ConnectFailure>> connect_within(beast::tcp_stream& stream,
                                                              const tcp::endpoint& target,
                                                              StageClock& clock) {
  clock.begin("connect", Budget::connect);
  stream.expires_at(clock.deadline());
  if (auto [error] = co_await stream.async_connect(target, nothrow); error) {
    co_return ConnectFailure{
        error == beast::error::timeout ? FindingCode::timeout : FindingCode::connect_failed,
        fmt::format("connect to {}:{}: {}", target.address().to_string(), target.port(),
                    error.message())};
  }
  stream.socket().set_option(tcp::no_delay(true));
  co_return std::nullopt;
}

}  // namespace fedharness::net
