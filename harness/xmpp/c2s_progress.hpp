#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "xmpp/c2s_client.hpp"

namespace fedharness::xmpp {

/// A <stream:error/> (RFC 6120 §4.9) or a SASL <failure/> (§6.5): the
/// defined condition and the optional text.
struct XmppRefusal {
  std::string condition;  // e.g. "not-authorized"; empty: none was received
  std::string text;
};

/// How far a libstrophe 0.12 client session got, read from libstrophe's own
/// log: its API reports neither a TCP error (the connection handler gets
/// error 0), nor the certificate verification result, nor a SASL <failure/>
/// (libstrophe falls back to its next mechanism and logs "Cannot authenticate
/// with known methods"), and it fires no user handler before authentication.
/// Lines that libstrophe logs of what it sent are never kept: they hold the
/// SASL exchange, and with PLAIN the password itself (RFC 4616 §2).
class C2sProgress {
 public:
  /// `server` ("127.0.0.1:5222") and `trust` (a file; empty: the system's
  /// roots) are named in the evidence.
  C2sProgress(std::string server, std::string trust)
      : server_(std::move(server)), trust_(std::move(trust)) {}

  /// One line of libstrophe's log; `problem` for its warnings and errors.
  void read_log(bool problem, std::string_view area, std::string_view message);

  /// The connection is over (libstrophe's connection handler said so),
  /// with the stream error the server sent, if any.
  void stream_ended(XmppRefusal stream_error);

  bool ended() const { return ended_; }

  /// Why logging in failed, at the stage it stopped at: the session ended,
  /// or the caller gave up waiting after `waited` (then nonzero).
  C2sOutcome failure(std::chrono::milliseconds waited) const;

  /// How logging in went, for a session that bound a resource.
  std::string success() const;

  /// libstrophe's warnings and errors, and a stream error, in words
  /// (empty: none).
  std::string problems() const;

 private:
  void read_received(std::string_view element);
  std::string roots() const;

  std::string server_;
  std::string trust_;
  bool tcp_connected_ = false;
  std::string connect_error_;
  bool tls_started_ = false;
  bool tls_verified_ = false;
  std::string verify_failure_;  // "X509_V_ERR_...(20)"
  std::vector<std::string> tls_errors_;
  std::vector<std::string> offered_;  // SASL mechanisms, RFC 6120 §6.4.1
  std::string sasl_mechanism_;
  bool authenticated_ = false;
  XmppRefusal sasl_failure_;
  bool ended_ = false;
  XmppRefusal stream_error_;
  std::vector<std::string> problems_;
};

}  // namespace fedharness::xmpp
