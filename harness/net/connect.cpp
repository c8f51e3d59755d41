#include "net/connect.hpp"

#include <fmt/core.h>

namespace fedharness::net {

std::string endpoint_text(const tcp::endpoint& endpoint) {
  return endpoint.address().is_v6()
             ? fmt::format("[{}]:{}", endpoint.address().to_string(), endpoint.port())
             : fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

asio::awaitable<std::optional<ConnectFailure>> connect_within(beast::tcp_stream& stream,
                                                              const tcp::endpoint& target,
                                                              StageClock& clock) {
  clock.begin("connect", Budget::connect);
  stream.expires_at(clock.deadline());
  if (auto [error] = co_await stream.async_connect(target, nothrow); error) {
    co_return ConnectFailure{
        error == beast::error::timeout ? FindingCode::timeout : FindingCode::connect_failed,
        fmt::format("connect to {}: {}", endpoint_text(target), error.message())};
  }
  stream.socket().set_option(tcp::no_delay(true));
  co_return std::nullopt;
}

}  // namespace fedharness::net
