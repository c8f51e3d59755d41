#include "sip/transport.hpp"

#include <array>
#include <boost/asio/write.hpp>

namespace fedharness::sip {

using namespace net;

namespace {

// What the peer sent that no message came of: bytes that broke framing, or
// the start of a message the connection ended in.
void transcribe_unframed(Transcript* transcript, const Framer& framer, std::string_view what) {
  if (transcript != nullptr && framer.buffered() > 0) {
    transcript->data(Flow::received, what, framer.unframed());
  }
}

}  // namespace

asio::awaitable<ReadResult> read_message(TlsStream& stream, Framer& framer, IoTerms io) {
  beast::get_lowest_layer(stream).expires_at(io.clock.deadline());
  std::array<char, 4096> buffer;
  std::string wire;
  for (;;) {
    try {
      if (auto message = framer.next(io.transcript != nullptr ? &wire : nullptr)) {
        if (io.transcript != nullptr) {
          io.transcript->data(Flow::received, "SIP", wire);
        }
        co_return ReadResult{{}, std::move(message), std::nullopt};
      }
    } catch (const FramingError& violation) {
      transcribe_unframed(io.transcript, framer, "not SIP:");
      co_return ReadResult{{}, std::nullopt, violation};
    }
    auto [error, size] = co_await stream.async_read_some(asio::buffer(buffer), nothrow);
    if (error) {
      transcribe_unframed(io.transcript, framer, "SIP, cut short:");
      co_return ReadResult{error, std::nullopt, std::nullopt};
    }
    io.clock.received_bytes(size);
    framer.feed(std::string_view(buffer.data(), size));
  }
}

asio::awaitable<error_code> write_message(TlsStream& stream, const Message& message, IoTerms io) {
  beast::get_lowest_layer(stream).expires_at(io.clock.deadline());
  std::string wire = message.serialize();
  if (io.transcript != nullptr) {
    io.transcript->data(Flow::sent, "SIP", wire);
  }
  auto [error, size] = co_await asio::async_write(stream, asio::buffer(wire), nothrow);
  co_return error;
}

}  // namespace fedharness::sip
