#pragma once

// Template definitions of stream_io.hpp: the same reads and writes serve the
// plain stream before STARTTLS and the TLS stream after it.

#include <array>
#include <boost/asio/write.hpp>

#include "xmpp/namespaces.hpp"

namespace fedharness::xmpp {

namespace detail {

// Feeds what arrives to the parser until `ready` says there is enough.
template <typename Stream, typename Ready>
net::asio::awaitable<StreamRead> read_until(Stream& stream, XmlStream& xml, net::IoTerms io,
                                            Ready ready) {
  net::beast::get_lowest_layer(stream).expires_at(io.clock.deadline());
  std::array<char, 4096> buffer;
  for (;;) {
    if (std::optional<StreamRead> result = ready()) {
      co_return std::move(*result);
    }
    auto [error, size] = co_await stream.async_read_some(net::asio::buffer(buffer), net::nothrow);
    if (error) {
      co_return StreamRead{error};
    }
    io.clock.received_bytes(size);
    if (io.transcript != nullptr) {
      io.transcript->data(Flow::received, "XMPP", std::string_view(buffer.data(), size));
    }
    try {
      xml.feed(std::string_view(buffer.data(), size));
    } catch (const XmlStreamError& violation) {
      co_return StreamRead{{}, violation};
    }
  }
}

}  // namespace detail

template <typename Stream>
net::asio::awaitable<StreamRead> read_header(Stream& stream, XmlStream& xml, net::IoTerms io) {
  co_return co_await detail::read_until(stream, xml, io, [&]() -> std::optional<StreamRead> {
    if (xml.header()) {
      return StreamRead{};
    }
    return std::nullopt;
  });
}

template <typename Stream>
net::asio::awaitable<StreamRead> read_element(Stream& stream, XmlStream& xml, net::IoTerms io) {
  co_return co_await detail::read_until(stream, xml, io, [&]() -> std::optional<StreamRead> {
    if (auto element = xml.next_element()) {
      if (element->is(kStreamsNs, "error")) {
        return StreamRead{.stream_error = refusal_of(*element, kStreamErrorNs)};
      }
      return StreamRead{{}, std::nullopt, std::move(element)};
    }
    if (xml.closed()) {
      return StreamRead{{}, std::nullopt, std::nullopt, true};
    }
    return std::nullopt;
  });
}

template <typename Stream>
net::asio::awaitable<net::error_code> write_text(Stream& stream, std::string text,
                                                 net::IoTerms io) {
  net::beast::get_lowest_layer(stream).expires_at(io.clock.deadline());
  if (io.transcript != nullptr) {
    io.transcript->data(Flow::sent, "XMPP", text);
  }
  auto [error, size] =
      co_await net::asio::async_write(stream, net::asio::buffer(text), net::nothrow);
  co_return error;
}

}  // namespace fedharness::xmpp
