#include "xmpp/stream_io.hpp"

#include <fmt/core.h>

#include "net/tls_failure.hpp"
#include "xmpp/namespaces.hpp"

namespace fedharness::xmpp {

net::ConnectionOutcome failed_read_outcome(const StreamRead& read, const net::StageClock& clock,
                                           net::TlsObservation observation, net::TlsRole role,
                                           Purpose demanded, const TrustStore& trust) {
  std::string stage = clock.stage();
  if (read.stream_error) {
    net::ConnectionOutcome outcome{false,
                                   FindingCode::xmpp_stream_error,
                                   net::Side::remote,
                                   std::move(stage),
                                   "stream error " + describe(*read.stream_error),
                                   std::move(observation)};
    outcome.stream_error_received = read.stream_error->condition;
    return outcome;
  }
  if (read.violation) {
    return {false,
            FindingCode::protocol_violation,
            net::Side::remote,
            std::move(stage),
            fmt::format("{}: {}", read.violation->condition, read.violation->text),
            std::move(observation)};
  }
  if (read.closed) {
    std::string evidence = fmt::format("the other side closed the stream during {}", stage);
    return {false,
            FindingCode::peer_closed,
            net::Side::remote,
            std::move(stage),
            std::move(evidence),
            std::move(observation)};
  }
  return net::classify_failure(clock, read.error, std::move(observation), role, demanded, trust);
}

// The dialback prefix is declared on every stream: XEP-0220 §2.1 has servers
// announce support for dialback that way, and <db:*/> elements use it.
std::string stream_header(std::string_view from, std::string_view to, std::string_view id) {
  std::string header = fmt::format(
      "<?xml version='1.0'?><stream:stream xmlns='{}' xmlns:stream='{}' xmlns:db='{}' from='{}' "
      "to='{}' version='1.0'",
      kServerNs, kStreamsNs, kDialbackNs, escape_xml(from), escape_xml(to));
  if (!id.empty()) {
    header += fmt::format(" id='{}'", escape_xml(id));
  }
  return header + ">";
}

std::string stream_error(std::string_view condition, std::string_view text) {
  return fmt::format(
      "<stream:error><{} xmlns='{}'/><text xmlns='{}'>{}</text></stream:error></stream:stream>",
      condition, kStreamErrorNs, kStreamErrorNs, escape_xml(text));
}

std::string describe(const Refusal& refusal) {
  return refusal.text.empty() ? fmt::format("<{}/>", refusal.condition)
                              : fmt::format("<{}/>: {}", refusal.condition, refusal.text);
}

Refusal refusal_of(const XmlElement& element, std::string_view condition_ns) {
  Refusal refusal;
  for (const auto& child : element.children) {
    if (child.ns != condition_ns) {
      continue;
    }
    if (child.name == "text") {
      refusal.text = child.text;
    } else if (refusal.condition.empty()) {
      refusal.condition = child.name;
    }
  }
  return refusal;
}

}  // namespace fedharness::xmpp
