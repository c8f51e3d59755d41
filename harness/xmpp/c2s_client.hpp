#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "net/asio.hpp"

namespace fedharness::xmpp {

/// Who logs in where: a user of a real XMPP server (RFC 6120 client-to-server).
struct C2sAccount {
  net::tcp::endpoint server;
  std::string domain;    // the server's domain (SASL ANONYMOUS logs in to it)
  std::string jid;       // the account; empty: SASL ANONYMOUS
  std::string password;  // empty for ANONYMOUS
  // Roots for the server's certificate, which must name `domain` (RFC 6125
  // DNS-ID). libstrophe 0.12 loads the system's roots as well, always; empty:
  // those alone.
  std::filesystem::path trust;
};

/// How one step of a client session ended.
struct C2sOutcome {
  bool ok = false;
  std::string stage;     // "connect", "tls", "auth", "bind", "send", "receive"
  std::string evidence;  // what happened, in words (never the password)
};

/// One client session with a real XMPP server through libstrophe, an XMPP
/// implementation independent of ours: end-to-end message paths log in as a
/// user of the partner's server to send a message across the federation link
/// or to receive one. libstrophe runs its own event loop on a thread of the
/// session's; every call blocks until done or its deadline. libstrophe is
/// not thread-safe: the sessions of a process take turns in it, so a server
/// that stalls a TLS handshake (libstrophe's is blocking) holds the others
/// up until that session's deadline. Neither the password nor anything of
/// the SASL exchange ever appears in an outcome.
class C2sClient {
 public:
  explicit C2sClient(C2sAccount account);
  ~C2sClient();  // closes the stream and joins the thread
  C2sClient(const C2sClient&) = delete;
  C2sClient& operator=(const C2sClient&) = delete;

  /// Connects, STARTTLS (certificate verified against `trust`), authenticates
  /// (the account's password; ANONYMOUS without one), binds a resource and
  /// sends initial presence (RFC 6121 §4.2), so that a message to the bare
  /// JID reaches this session. Once per session; ok at stage "bind".
  C2sOutcome log_in(std::chrono::milliseconds deadline);

  /// The full JID the server bound, once logged in.
  std::string bound_jid() const;

  /// Sends <message type='chat'> with `body` to `to` (RFC 6121 §5.2): ok
  /// once written to the stream. XMPP has no receipt; a message the server
  /// cannot deliver comes back as an error (see delivery_errors).
  C2sOutcome send_message(const std::string& to, const std::string& body,
                          std::chrono::milliseconds deadline);

  /// Waits for a message whose body is `body` (one received since log_in
  /// counts); the evidence names its sender.
  C2sOutcome wait_for_message(const std::string& body, std::chrono::milliseconds deadline);

  /// The messages this session sent that came back as errors (RFC 6120
  /// §8.3, e.g. remote-server-not-found when the server could not reach the
  /// recipient's domain), one sentence each, as received so far.
  std::vector<std::string> delivery_errors() const;

 private:
  struct Session;
  std::unique_ptr<Session> session_;
};

}  // namespace fedharness::xmpp
