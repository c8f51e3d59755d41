#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fedharness {

/// Which way an event went, as the end that recorded it saw it.
enum class Flow {
  sent,      // this end wrote it: "→"
  received,  // this end read it: "←"
  local,     // this end concluded it (a verify result, the handshake's end): "·"
};

struct TranscriptEvent {
  std::chrono::steady_clock::time_point at;
  Flow flow = Flow::local;
  // Printable text (see printable()): the headline on one line, the body
  // with '\n' between lines and empty when the headline says it all.
  std::string headline;  // "TLS ClientHello SNI=sip.contoso.com", "SIP OPTIONS sip:... SIP/2.0"
  std::string body;
};

/// What one end of one connection did and saw, in the order it happened:
/// TLS events and the application data each way, as printable text. The
/// connection's coroutine (and OpenSSL's callbacks inside it) record; the
/// recorder is read once the connection is over, so it takes no lock.
///
/// Bounded: a peer decides how much it sends, and a transcript must not
/// fill a disk. Past `budget` bytes of text the end records one marker and
/// then only counts what it leaves out.
class Transcript {
 public:
  static constexpr size_t kDefaultBudget = 512 * 1024;

  explicit Transcript(size_t budget = kDefaultBudget);

  /// An event without data; `headline` is made printable, on one line.
  void note(Flow flow, std::string_view headline);

  /// Application data as it went over the connection: `bytes` are made
  /// printable; the headline is `protocol` and their first line.
  void data(Flow flow, std::string_view protocol, std::string_view bytes);

  const std::vector<TranscriptEvent>& events() const { return events_; }
  std::chrono::steady_clock::time_point started() const { return started_; }
  /// Bytes of text past the budget, recorded as a marker only.
  size_t dropped_bytes() const { return dropped_bytes_; }

 private:
  void record(Flow flow, std::string headline, std::string body);

  std::chrono::steady_clock::time_point started_;
  size_t budget_;
  size_t used_ = 0;
  size_t dropped_bytes_ = 0;
  std::vector<TranscriptEvent> events_;
};

}  // namespace fedharness
