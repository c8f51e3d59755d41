#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "transcript/transcript.hpp"

namespace fedharness {

/// One end's transcript under the name it goes by in a file ("edge", "partner").
struct LabelledTranscript {
  std::string_view label;
  const Transcript* transcript = nullptr;  // null: this end recorded nothing
};

/// The events of every end in one time line, one line per event:
///
///   +0.003412 partner → TLS ClientHello SNI=sip.contoso.com versions=TLSv1.3,TLSv1.2
///   +0.004120 edge    ← SIP OPTIONS sip:contoso.com SIP/2.0
///       OPTIONS sip:contoso.com SIP/2.0
///       Via: SIP/2.0/TLS 127.0.0.1:40312;branch=z9hG4bK...
///
/// Times are seconds since `origin`; an event's body follows it, indented.
/// Ends recorded on different threads merge by their steady-clock times.
std::string transcript_text(std::span<const LabelledTranscript> ends,
                            std::chrono::steady_clock::time_point origin);

}  // namespace fedharness
