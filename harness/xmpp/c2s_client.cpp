#include "xmpp/c2s_client.hpp"

#include <fmt/core.h>
#include <poll.h>
#include <pthread.h>
#include <strophe.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "xmpp/c2s_progress.hpp"
#include "xmpp/strophe_ptr.hpp"

namespace fedharness::xmpp {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Between turns of libstrophe's loop the session waits this long for its
// socket: how soon a command from the caller's thread is picked up.
constexpr int kTurnMs = 5;
// How long closing the stream (RFC 6120 §4.4) may take when the session
// ends: libstrophe gives the server 2 s to close its side before it drops
// the connection itself.
constexpr milliseconds kCloseGrace{2500};
// Past this, the loop thread is stuck in a blocking call of libstrophe's:
// its TLS handshake, which has no timeout of its own.
constexpr milliseconds kStuck = kCloseGrace + milliseconds(1000);

constexpr const char* kStanzaErrorNs = "urn:ietf:params:xml:ns:xmpp-stanzas";

std::string copy(const char* text) {
  return text == nullptr ? std::string() : std::string(text);
}

// xmpp_stanza_get_text and xmpp_message_get_body allocate in the context.
std::string take(xmpp_ctx_t* ctx, char* text) {
  std::string copied = copy(text);
  if (text != nullptr) {
    xmpp_free(ctx, text);
  }
  return copied;
}

// A <stream:error/> (RFC 6120 §4.9.2) or a stanza's <error/> (§8.3.2): the
// defined condition is the child in `ns` that is not <text/>.
XmppRefusal read_refusal(xmpp_stanza_t* error, const char* ns) {
  XmppRefusal refusal;
  for (xmpp_stanza_t* child = xmpp_stanza_get_children(error); child != nullptr;
       child = xmpp_stanza_get_next(child)) {
    if (!xmpp_stanza_is_tag(child) || copy(xmpp_stanza_get_ns(child)) != ns) {
      continue;
    }
    if (copy(xmpp_stanza_get_name(child)) == "text") {
      refusal.text = take(xmpp_stanza_get_context(child), xmpp_stanza_get_text(child));
    } else if (refusal.condition.empty()) {
      refusal.condition = copy(xmpp_stanza_get_name(child));
    }
  }
  return refusal;
}

struct Received {
  std::string from;
  std::string body;
};

// libstrophe 0.12 is not thread-safe, not even across contexts: two
// sessions authenticating with SCRAM-SHA-1 on two threads at once were
// refused now and then ("The response provided by the client doesn't match
// the one we calculated"). Every call into it, from any session's thread,
// holds this lock.
std::mutex& libstrophe_lock() {
  static std::mutex lock;
  return lock;
}

void initialize_libstrophe_once() {
  static std::once_flag once;
  std::call_once(once, [] { xmpp_initialize(); });
}

}  // namespace

/// The state both threads share. libstrophe is called on the loop thread
/// only, and never with `mutex` held: its log handler takes it.
struct C2sClient::Session {
  explicit Session(C2sAccount account_)
      : account(std::move(account_)),
        progress(fmt::format("{}:{}", account.server.address().to_string(), account.server.port()),
                 account.trust.string()) {}

  const C2sAccount account;
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable changed;
  C2sProgress progress;
  std::string bound_jid;
  bool online = false;  // bound, and the initial presence written
  std::vector<std::function<void(xmpp_conn_t*)>> commands;
  // Stanzas handed to libstrophe, and of those the ones written out: the
  // send queue was empty after a turn of the loop.
  uint64_t handed = 0;
  uint64_t written = 0;
  uint64_t presence = 0;  // the number of the initial presence
  uint64_t messages = 0;  // for message ids
  std::vector<Received> received;
  std::vector<std::string> delivery_errors;
  bool stopping = false;
  bool finished = false;
  // A duplicate of libstrophe's socket, so that another thread can end a
  // TLS handshake that hangs (shutdown(2) wakes the blocked read) without
  // ever touching a descriptor libstrophe has closed and the process reused.
  int socket = -1;

  enum class Turn { again, idle, over };

  void run();
  void configure(xmpp_conn_t* conn);
  Turn turn(xmpp_ctx_t* ctx, xmpp_conn_t* conn, std::optional<Clock::time_point>& closing);
  void wait_for_socket();
  void close_socket();
  void abort_connection();
  void send(xmpp_conn_t* conn, xmpp_stanza_t* stanza);
  void send_chat(xmpp_conn_t* conn, const std::string& to, const std::string& body,
                 const std::string& id);

  // libstrophe's socket callback has no userdata; each session's loop runs
  // on a thread of its own.
  static inline thread_local Session* running = nullptr;

  static void on_log(void* userdata, xmpp_log_level_t level, const char* area, const char* message);
  static int on_socket(xmpp_conn_t* conn, void* socket);
  static void on_connection(xmpp_conn_t* conn, xmpp_conn_event_t event, int error,
                            xmpp_stream_error_t* stream_error, void* userdata);
  static int on_message(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata);
};

void C2sClient::Session::on_log(void* userdata, xmpp_log_level_t level, const char* area,
                                const char* message) {
  auto& session = *static_cast<Session*>(userdata);
  std::lock_guard lock(session.mutex);
  session.progress.read_log(level >= XMPP_LEVEL_WARN, copy(area), copy(message));
}

int C2sClient::Session::on_socket(xmpp_conn_t*, void* socket) {
  Session& session = *running;
  std::lock_guard lock(session.mutex);
  session.close_socket();
  session.socket = ::dup(*static_cast<int*>(socket));
  return 0;
}

void C2sClient::Session::close_socket() {
  if (socket >= 0) {
    ::close(socket);
    socket = -1;
  }
}

void C2sClient::Session::abort_connection() {
  if (socket >= 0) {
    ::shutdown(socket, SHUT_RDWR);
  }
}

void C2sClient::Session::on_connection(xmpp_conn_t* conn, xmpp_conn_event_t event, int,
                                       xmpp_stream_error_t* stream_error, void* userdata) {
  auto& session = *static_cast<Session*>(userdata);
  if (event == XMPP_CONN_CONNECT) {
    // RFC 6121 §4.2: initial presence makes the resource available, so that
    // a message to the bare JID is delivered to it (§8.5.2.1.1).
    StanzaPtr presence(xmpp_presence_new(xmpp_conn_get_context(conn)));
    session.send(conn, presence.get());
    std::lock_guard lock(session.mutex);
    session.bound_jid = copy(xmpp_conn_get_bound_jid(conn));
    session.presence = session.handed;
    return;
  }
  XmppRefusal refusal;
  if (stream_error != nullptr && stream_error->stanza != nullptr) {
    refusal = read_refusal(stream_error->stanza, XMPP_NS_STREAMS_IETF);
  }
  std::lock_guard lock(session.mutex);
  session.progress.stream_ended(std::move(refusal));
  session.online = false;
  session.close_socket();
  session.changed.notify_all();
}

// libstrophe fires user handlers only once authenticated: every message here
// came over the logged-in session.
int C2sClient::Session::on_message(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata) {
  auto& session = *static_cast<Session*>(userdata);
  xmpp_ctx_t* ctx = xmpp_conn_get_context(conn);
  std::string from = copy(xmpp_stanza_get_from(stanza));
  if (copy(xmpp_stanza_get_type(stanza)) == "error") {
    // RFC 6120 §8.3.1: the server returns an undeliverable stanza to its
    // sender, with the original id and an <error/> saying why.
    xmpp_stanza_t* error = xmpp_stanza_get_child_by_name(stanza, "error");
    XmppRefusal refusal =
        error != nullptr ? read_refusal(error, kStanzaErrorNs) : XmppRefusal{"(no <error/>)", {}};
    std::string sentence = fmt::format("the server returned message {} to {}: <{}/>{}",
                                       copy(xmpp_stanza_get_id(stanza)), from, refusal.condition,
                                       refusal.text.empty() ? "" : " \"" + refusal.text + "\"");
    std::lock_guard lock(session.mutex);
    session.delivery_errors.push_back(std::move(sentence));
    session.changed.notify_all();
    return 1;
  }
  std::string body = take(ctx, xmpp_message_get_body(stanza));
  std::lock_guard lock(session.mutex);
  session.received.push_back({std::move(from), std::move(body)});
  session.changed.notify_all();
  return 1;
}

void C2sClient::Session::send(xmpp_conn_t* conn, xmpp_stanza_t* stanza) {
  xmpp_send(conn, stanza);
  std::lock_guard lock(mutex);
  ++handed;
}

void C2sClient::Session::send_chat(xmpp_conn_t* conn, const std::string& to,
                                   const std::string& body, const std::string& id) {
  StanzaPtr message(xmpp_message_new(xmpp_conn_get_context(conn), "chat", to.c_str(), id.c_str()));
  xmpp_message_set_body(message.get(), body.c_str());
  send(conn, message.get());
}

void C2sClient::Session::configure(xmpp_conn_t* conn) {
  // RFC 6120 §5.3.1: never on without TLS; the certificate is verified
  // (XMPP_CONN_FLAG_TRUST_TLS is not set, and no certfail handler would
  // overrule a failed verification).
  xmpp_conn_set_flags(conn, XMPP_CONN_FLAG_MANDATORY_TLS);
  // A JID without a node makes libstrophe use SASL ANONYMOUS (RFC 4505).
  xmpp_conn_set_jid(conn, (account.jid.empty() ? account.domain : account.jid).c_str());
  if (!account.password.empty()) {
    xmpp_conn_set_pass(conn, account.password.c_str());
  }
  if (!account.trust.empty()) {
    xmpp_conn_set_cafile(conn, account.trust.c_str());
  }
  xmpp_conn_set_sockopt_callback(conn, on_socket);
  xmpp_handler_add(conn, on_message, nullptr, "message", nullptr, this);
}

void C2sClient::Session::run() {
  // libstrophe writes with send(2) without MSG_NOSIGNAL: a write to a
  // connection the server has closed raises SIGPIPE, which would end the
  // process. The signal goes to the writing thread; blocked here, the write
  // fails with EPIPE instead.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  running = this;

  xmpp_log_t log{on_log, this};
  StropheCtxPtr ctx;
  StropheConnPtr conn;
  {
    std::lock_guard strophe(libstrophe_lock());
    initialize_libstrophe_once();
    ctx.reset(xmpp_ctx_new(nullptr, &log));
    conn.reset(xmpp_conn_new(ctx.get()));
    configure(conn.get());
    // The server is an address and its domain is the JID's: libstrophe's
    // altdomain skips the SRV lookup (RFC 6120 §3.2) and still names the
    // domain in the stream header, SNI and the certificate check.
    std::string host = account.server.address().to_string();
    if (xmpp_connect_client(conn.get(), host.c_str(), account.server.port(), on_connection, this) !=
        XMPP_EOK) {
      std::lock_guard lock(mutex);
      progress.stream_ended({});
      changed.notify_all();
    }
  }

  std::optional<Clock::time_point> closing;
  for (Turn next = Turn::again; next != Turn::over; next = turn(ctx.get(), conn.get(), closing)) {
    if (next == Turn::idle) {
      // Over, or never begun: nothing to turn the loop for until the end.
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return stopping; });
    } else {
      wait_for_socket();
    }
  }
  {
    std::lock_guard strophe(libstrophe_lock());
    conn.reset();
    ctx.reset();
  }
  std::lock_guard lock(mutex);
  close_socket();
  finished = true;
  changed.notify_all();
}

// One turn: the caller's commands, then whatever the socket has for
// libstrophe, without waiting (the lock is held).
C2sClient::Session::Turn C2sClient::Session::turn(xmpp_ctx_t* ctx, xmpp_conn_t* conn,
                                                  std::optional<Clock::time_point>& closing) {
  std::lock_guard strophe(libstrophe_lock());
  std::vector<std::function<void(xmpp_conn_t*)>> todo;
  bool stop = false;
  {
    std::lock_guard lock(mutex);
    todo.swap(commands);
    stop = stopping;
  }
  for (auto& command : todo) {
    command(conn);
  }
  if (stop) {
    if (!closing) {
      closing = Clock::now();
      xmpp_disconnect(conn);  // </stream:stream>, RFC 6120 §4.4
    }
    if (xmpp_conn_is_disconnected(conn) || Clock::now() - *closing > kCloseGrace) {
      return Turn::over;
    }
  } else if (xmpp_conn_is_disconnected(conn)) {
    return Turn::idle;
  }
  xmpp_run_once(ctx, 0);
  if (xmpp_conn_is_connected(conn) && xmpp_conn_send_queue_len(conn) == 0) {
    std::lock_guard lock(mutex);
    if (written != handed) {
      written = handed;
      online = online || (presence > 0 && written >= presence);
      changed.notify_all();
    }
  }
  return Turn::again;
}

// Only this thread closes the socket: it stays open while polled.
void C2sClient::Session::wait_for_socket() {
  int fd = -1;
  {
    std::lock_guard lock(mutex);
    fd = socket;
  }
  if (fd < 0) {
    std::this_thread::sleep_for(milliseconds(kTurnMs));
    return;
  }
  pollfd readable{fd, POLLIN, 0};
  ::poll(&readable, 1, kTurnMs);
}

C2sClient::C2sClient(C2sAccount account)
    : session_(std::make_unique<Session>(std::move(account))) {}

C2sClient::~C2sClient() {
  Session& session = *session_;
  if (!session.thread.joinable()) {
    return;
  }
  {
    std::unique_lock lock(session.mutex);
    session.stopping = true;
    session.changed.notify_all();
    if (!session.changed.wait_for(lock, kStuck, [&] { return session.finished; })) {
      session.abort_connection();
    }
  }
  session.thread.join();
}

C2sOutcome C2sClient::log_in(milliseconds deadline) {
  Session& session = *session_;
  if (session.thread.joinable()) {
    return {false, "connect", "this session has logged in already; a session logs in once"};
  }
  Clock::time_point until = Clock::now() + deadline;
  session.thread = std::thread([&session] { session.run(); });
  std::unique_lock lock(session.mutex);
  bool settled = session.changed.wait_until(
      lock, until, [&] { return session.online || session.progress.ended(); });
  if (session.online) {
    return {true, "bind",
            fmt::format("logged in as {}: {}", session.bound_jid, session.progress.success())};
  }
  if (!settled) {
    // Whatever it waits for, libstrophe stops waiting.
    session.abort_connection();
  }
  if (!session.bound_jid.empty()) {
    return {false, "bind",
            fmt::format("bound {}, but the initial presence was not written {}", session.bound_jid,
                        settled ? "before the session ended"
                                : fmt::format("within {} ms", deadline.count()))};
  }
  return session.progress.failure(settled ? milliseconds(0) : deadline);
}

std::string C2sClient::bound_jid() const {
  std::lock_guard lock(session_->mutex);
  return session_->bound_jid;
}

C2sOutcome C2sClient::send_message(const std::string& to, const std::string& body,
                                   milliseconds deadline) {
  Session& session = *session_;
  Clock::time_point until = Clock::now() + deadline;
  std::unique_lock lock(session.mutex);
  if (!session.online) {
    return {false, "send",
            session.progress.ended() ? "the session has ended: " + session.progress.problems()
                                     : "not logged in"};
  }
  // RFC 6120 §8.1.3: an id, which a returned error echoes.
  std::string id = fmt::format("fedharness-{}", ++session.messages);
  uint64_t number = session.handed + session.commands.size() + 1;
  session.commands.push_back(
      [&session, to, body, id](xmpp_conn_t* conn) { session.send_chat(conn, to, body, id); });
  session.changed.wait_until(lock, until,
                             [&] { return session.written >= number || session.progress.ended(); });
  if (session.written >= number) {
    return {true, "send",
            fmt::format("<message type='chat' id='{}'> to {} written to the stream", id, to)};
  }
  if (session.progress.ended()) {
    return {false, "send",
            fmt::format("the session ended before message {} to {} was written: {}", id, to,
                        session.progress.problems())};
  }
  return {false, "send",
          fmt::format("message {} to {} not written within {} ms", id, to, deadline.count())};
}

C2sOutcome C2sClient::wait_for_message(const std::string& body, milliseconds deadline) {
  Session& session = *session_;
  if (!session.thread.joinable()) {
    return {false, "receive", "not logged in"};
  }
  Clock::time_point until = Clock::now() + deadline;
  std::unique_lock lock(session.mutex);
  const Received* found = nullptr;
  auto arrived = [&] {
    for (const Received& message : session.received) {
      if (message.body == body) {
        found = &message;
        return true;
      }
    }
    return session.progress.ended();
  };
  session.changed.wait_until(lock, until, arrived);
  if (found != nullptr) {
    return {true, "receive",
            fmt::format("{} received the message from {}", session.bound_jid, found->from)};
  }
  std::string evidence = session.progress.ended()
                             ? fmt::format("the session ended before a message \"{}\" came: {}",
                                           body, session.progress.problems())
                             : fmt::format("no message \"{}\" to {} within {} ms", body,
                                           session.bound_jid, deadline.count());
  if (!session.received.empty()) {
    evidence +=
        fmt::format("; {} other message(s) came, the last from {}: \"{}\"", session.received.size(),
                    session.received.back().from, session.received.back().body);
  }
  return {false, "receive", evidence};
}

std::vector<std::string> C2sClient::delivery_errors() const {
  std::lock_guard lock(session_->mutex);
  return session_->delivery_errors;
}

}  // namespace fedharness::xmpp
