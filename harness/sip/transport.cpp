#include "sip/transport.hpp"

#include <array>
#include <boost/asio/write.hpp>

namespace fedharness::sip {

using namespace net;

asio::awaitable<ReadResult> read_message(TlsStream& stream, Framer& framer,
                                         std::chrono::milliseconds deadline) {
  beast::get_lowest_layer(stream).expires_after(deadline);
  std::array<char, 4096> buffer;
  for (;;) {
    try {
      if (auto message = framer.next()) {
        co_return ReadResult{{}, std::move(message), std::nullopt};
      }
    } catch (const FramingError& violation) {
      co_return ReadResult{{}, std::nullopt, violation};
    }
    auto [error, size] = co_await stream.async_read_some(asio::buffer(buffer), nothrow);
    if (error) {
      co_return ReadResult{error, std::nullopt, std::nullopt};
    }
    framer.feed(std::string_view(buffer.data(), size));
  }
}

asio::awaitable<error_code> write_message(TlsStream& stream, const Message& message,
                                          std::chrono::milliseconds deadline) {
  beast::get_lowest_layer(stream).expires_after(deadline);
  std::string wire = message.serialize();
  auto [error, size] = co_await asio::async_write(stream, asio::buffer(wire), nothrow);
  co_return error;
}

}  // namespace fedharness::sip
