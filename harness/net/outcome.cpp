#include "net/outcome.hpp"

#include "transcript/printable.hpp"

namespace fedharness::net {

std::string_view to_string(Side side) {
  return side == Side::local ? "local" : "remote";
}

asio::awaitable<ConnectionOutcome> printable(asio::awaitable<ConnectionOutcome> connection) {
  ConnectionOutcome outcome = co_await std::move(connection);
  outcome.evidence = displayable(outcome.evidence);
  outcome.stream_error_received = displayable(outcome.stream_error_received);
  co_return outcome;
}

}  // namespace fedharness::net
