#pragma once

#include <optional>
#include <string>

#include "net/asio.hpp"
#include "net/io_terms.hpp"
#include "net/outcome.hpp"
#include "net/tls_context.hpp"
#include "verify/trust_store.hpp"
#include "xmpp/xml_element.hpp"
#include "xmpp/xml_stream.hpp"

namespace fedharness::xmpp {

/// The condition and text of a <stream:error> or SASL <failure/>, for evidence.
struct Refusal {
  std::string condition;
  std::string text;
};
Refusal refusal_of(const XmlElement& element, std::string_view condition_ns);
/// "<condition/>: text", or "<condition/>" when there is no text.
std::string describe(const Refusal& refusal);

/// What waiting on an XMPP stream gave: an element, the stream header, the
/// peer's stream error or end of stream, a violation of ours, or the
/// transport's error.
struct StreamRead {
  net::error_code error;
  std::optional<XmlStreamError> violation;  // the peer's XML was refused
  std::optional<XmlElement> element;        // a first-level element
  bool closed = false;                      // </stream:stream>
  std::optional<Refusal> stream_error;      // <stream:error> (RFC 6120 §4.9), wherever it came

  /// The stream goes on: the header or an element arrived.
  bool ok() const { return !error && !violation && !closed && !stream_error; }
};

/// Reads until the stream header has arrived (RFC 6120 §4.7), by the end of
/// the stage the clock of `io` is in. Every read, like every write below, goes into the
/// transcript of `io` as the bytes went over the stream, when there is one.
template <typename Stream>
net::asio::awaitable<StreamRead> read_header(Stream& stream, XmlStream& xml, net::IoTerms io);

/// Reads the next first-level element (or the end of the stream, or a stream error).
template <typename Stream>
net::asio::awaitable<StreamRead> read_element(Stream& stream, XmlStream& xml, net::IoTerms io);

/// Writes text by the end of the stage.
template <typename Stream>
net::asio::awaitable<net::error_code> write_text(Stream& stream, std::string text, net::IoTerms io);

/// How a connection ends when a read gave no element: the peer's XML
/// refused (PROTOCOL_VIOLATION), the peer's <stream:error>
/// (XMPP_STREAM_ERROR, with its condition), the peer's </stream:stream>
/// (PEER_CLOSED), or the transport's or TLS's failure, classified as for any
/// connection. The stage is the one `clock` is in.
net::ConnectionOutcome failed_read_outcome(const StreamRead& read, const net::StageClock& clock,
                                           net::TlsObservation observation, net::TlsRole role,
                                           Purpose demanded, const TrustStore& trust);

/// The opening <stream:stream> of a server-to-server stream (RFC 6120 §4.7).
std::string stream_header(std::string_view from, std::string_view to, std::string_view id = {});

/// <stream:error> with a condition and text (RFC 6120 §4.9), then the close.
std::string stream_error(std::string_view condition, std::string_view text);

}  // namespace fedharness::xmpp

#include "xmpp/stream_io_impl.hpp"
