#include "sip/transport.hpp"

#include <array>

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

asio::awaitable<ReadResult> read_message(TlsSocket& stream, Framer& framer, IoTerms io) {
  stream.expires_after(io.deadline);
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
    auto [error, size] = co_await stream.read_some(asio::buffer(buffer));
    if (error) {
      transcribe_unframed(io.transcript, framer, "SIP, cut short:");
      co_return ReadResult{error, std::nullopt, std::nullopt};
    }
    framer.feed(std::string_view(buffer.data(), size));
  }
}

asio::awaitable<error_code> write_message(TlsSocket& stream, const Message& message, IoTerms io) {
  stream.expires_after(io.deadline);
  std::string wire = message.serialize();
  if (io.transcript != nullptr) {
    io.transcript->data(Flow::sent, "SIP", wire);
  }
  co_return co_await stream.write_all(asio::buffer(wire));
}

}  // namespace fedharness::sip
