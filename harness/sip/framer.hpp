#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sip/message.hpp"

namespace fedharness::sip {

/// Limits that keep a hostile peer from making us buffer without end.
struct FramerLimits {
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 64 * 1024;
  size_t max_headers = 100;
};

/// The peer broke RFC 3261 framing; `what` says how, `offset` where.
struct FramingError {
  std::string what;
  size_t offset = 0;
};

/// Cuts SIP messages out of a byte stream (RFC 3261 §18.3: over a stream
/// transport every message carries Content-Length, which gives where the body
/// ends). Bytes go in with feed(); whole messages come out of next().
class Framer {
 public:
  explicit Framer(FramerLimits limits = {}) : limits_(limits) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }

  /// A whole message when one is buffered; nullopt when more bytes are
  /// needed. Throws FramingError when the bytes cannot be SIP. With `wire`,
  /// the message's bytes as they arrived are copied there (for transcripts).
  std::optional<Message> next(std::string* wire = nullptr);

  /// Bytes fed but not yet consumed by a message.
  size_t buffered() const { return buffer_.size(); }
  std::string_view unframed() const { return buffer_; }

 private:
  FramerLimits limits_;
  std::string buffer_;
  size_t consumed_total_ = 0;
};

/// Parses one message whose header section (up to and without the blank
/// line) is `head`; the body is filled in by the framer.
Message parse_head(std::string_view head, size_t max_headers);

}  // namespace fedharness::sip
