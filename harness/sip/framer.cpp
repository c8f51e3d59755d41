#include "sip/framer.hpp"

#include <fmt/core.h>

#include <charconv>

namespace fedharness::sip {
namespace {

constexpr std::string_view kEndOfHead = "\r\n\r\n";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

[[noreturn]] void fail(std::string what) {
  throw FramingError{std::move(what), 0};
}

void parse_start_line(std::string_view line, Message& message) {
  if (line.starts_with("SIP/2.0 ")) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2)
    std::string_view rest = line.substr(8);
    int status = 0;
    auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), status);
    bool separated = rest.size() == 3 || (rest.size() > 3 && rest[3] == ' ');
    if (error != std::errc() || end != rest.data() + 3 || !separated || status < 100 ||
        status > 699) {
      fail(fmt::format("bad status line '{}'", line.substr(0, 80)));
    }
    message.status = status;
    message.reason = rest.size() > 3 ? std::string(rest.substr(4)) : std::string();
    return;
  }
  // Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1)
  auto first_space = line.find(' ');
  auto last_space = line.rfind(' ');
  // Exactly one space between the three parts; the Request-URI holds none.
  if (first_space == std::string_view::npos || first_space == 0 ||
      line.find(' ', first_space + 1) != last_space || last_space == first_space + 1 ||
      line.substr(last_space + 1) != "SIP/2.0") {
    fail(fmt::format("bad start line '{}'", line.substr(0, 80)));
  }
  message.method = std::string(line.substr(0, first_space));
  message.request_uri = std::string(line.substr(first_space + 1, last_space - first_space - 1));
}

size_t content_length(const Message& message, size_t max_body) {
  auto value = message.header("Content-Length");
  if (!value) {
    fail("no Content-Length, which a stream transport requires (RFC 3261 §18.3)");
  }
  // Two different lengths leave the end of the message to whoever reads it:
  // the classic request-smuggling ambiguity, refused.
  for (const auto& [name, other] : message.headers) {
    if (header_named(name, "Content-Length") && trim(other) != trim(*value)) {
      fail(fmt::format("two different Content-Length headers ('{}' and '{}')",
                       trim(*value).substr(0, 20), trim(other).substr(0, 20)));
    }
  }
  std::string_view digits = trim(*value);
  size_t length = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    fail(fmt::format("bad Content-Length '{}'", digits.substr(0, 20)));
  }
  if (length > max_body) {
    fail(fmt::format("Content-Length {} is over the limit of {} bytes", length, max_body));
  }
  return length;
}

// Refuses a start line as soon as it cannot be one, not after the header
// limit's worth of garbage: a control byte (RFC 3261 §25.1 allows none in a
// start line), or a whole first line that is neither a Request-Line nor a
// Status-Line.
void check_start_line(std::string_view buffered) {
  size_t line_end = buffered.find("\r\n");
  std::string_view line = buffered.substr(0, line_end);
  for (size_t i = 0; i < line.size(); ++i) {
    auto byte = static_cast<unsigned char>(line[i]);
    bool last_cr = byte == '\r' && i + 1 == buffered.size();  // its LF may be on its way
    if ((byte < 0x20 && byte != '\t' && !last_cr) || byte == 0x7F) {
      fail(fmt::format("byte 0x{:02X} at offset {} of the start line", byte, i));
    }
  }
  if (line_end != std::string_view::npos) {
    Message message;
    parse_start_line(line, message);
  }
}

}  // namespace

Message parse_head(std::string_view head, size_t max_headers) {
  Message message;
  size_t line_end = head.find("\r\n");
  parse_start_line(head.substr(0, line_end), message);
  std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
  while (!rest.empty()) {
    line_end = rest.find("\r\n");
    std::string_view line = rest.substr(0, line_end);
    rest = line_end == std::string_view::npos ? "" : rest.substr(line_end + 2);
    if (line.front() == ' ' || line.front() == '\t') {
      // Header folding (RFC 3261 §7.3.1): the line continues the previous value.
      if (message.headers.empty()) {
        fail("a continuation line before any header");
      }
      message.headers.back().second += " " + std::string(trim(line));
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)).empty()) {
      fail(fmt::format("bad header line '{}'", line.substr(0, 80)));
    }
    if (message.headers.size() == max_headers) {
      fail(fmt::format("more than {} headers", max_headers));
    }
    message.add_header(std::string(trim(line.substr(0, colon))),
                       std::string(trim(line.substr(colon + 1))));
  }
  return message;
}

std::optional<Message> Framer::next(std::string* wire) {
  // RFC 3261 §7.5: CRLFs before a start line are ignored (RFC 5626 keep-alives).
  size_t skipped = 0;
  while (buffer_.size() >= skipped + 2 && buffer_.compare(skipped, 2, "\r\n") == 0) {
    skipped += 2;
  }
  buffer_.erase(0, skipped);
  consumed_total_ += skipped;

  size_t head_end = buffer_.find(kEndOfHead);
  if (head_end == std::string::npos) {
    try {
      check_start_line(buffer_);
    } catch (FramingError& error) {
      error.offset = consumed_total_;
      throw;
    }
    // Up to three bytes of the blank line may already be here; framing must
    // not depend on where the reads cut the stream.
    if (buffer_.size() > limits_.max_header_bytes + kEndOfHead.size() - 1) {
      throw FramingError{fmt::format("no end of headers within {} bytes", limits_.max_header_bytes),
                         consumed_total_};
    }
    return std::nullopt;
  }
  if (head_end > limits_.max_header_bytes) {
    throw FramingError{fmt::format("headers of {} bytes, over the limit of {}", head_end,
                                   limits_.max_header_bytes),
                       consumed_total_};
  }
  try {
    Message message =
        parse_head(std::string_view(buffer_).substr(0, head_end), limits_.max_headers);
    size_t body_start = head_end + kEndOfHead.size();
    size_t length = content_length(message, limits_.max_body_bytes);
    if (buffer_.size() < body_start + length) {
      return std::nullopt;
    }
    message.body = buffer_.substr(body_start, length);
    if (wire != nullptr) {
      wire->assign(buffer_, 0, body_start + length);
    }
    buffer_.erase(0, body_start + length);
    consumed_total_ += body_start + length;
    return message;
  } catch (FramingError& error) {
    error.offset = consumed_total_;
    throw;
  }
}

}  // namespace fedharness::sip
