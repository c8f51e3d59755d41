#pragma once

#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/io_terms.hpp"
#include "sip/framer.hpp"

namespace fedharness::sip {

/// The result of waiting for one SIP message on a TLS stream.
struct ReadResult {
  net::error_code error;                  // the stream's error, when it failed
  std::optional<Message> message;         // set on success
  std::optional<FramingError> violation;  // the peer's bytes were not SIP
};

/// Reads until `framer` yields a whole message, by the end of the stage the
/// clock of `io` is in. With a transcript, the message goes there as it arrived,
/// or else the bytes that were not SIP or never became a whole message.
net::asio::awaitable<ReadResult> read_message(net::TlsStream& stream, Framer& framer,
                                              net::IoTerms io);

/// Writes a whole message by the end of the stage, into the transcript too.
net::asio::awaitable<net::error_code> write_message(net::TlsStream& stream, const Message& message,
                                                    net::IoTerms io);

}  // namespace fedharness::sip
