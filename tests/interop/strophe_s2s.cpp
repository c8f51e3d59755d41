#include "strophe_s2s.hpp"

#include <fmt/core.h>
#include <strophe.h>

#include <cstring>
#include <memory>
#include <vector>

#include "xmpp/strophe_ptr.hpp"

namespace fedharness::test {
namespace {

// libstrophe knows jabber:client and jabber:component:accept only.
constexpr const char* kServerNs = "jabber:server";
constexpr const char* kPingNs = "urn:xmpp:ping";
constexpr const char* kPingId = "interop-ping";

bool equals(const char* text, const char* expected) {
  return text != nullptr && std::strcmp(text, expected) == 0;
}

// libstrophe fires a handler when the stanza *or one of its children* is in
// the handler's namespace (for IQ payloads): <stream:features> with its
// <starttls/> and <mechanisms/> would reach the TLS and SASL handlers too.
bool in_namespace(xmpp_stanza_t* stanza, const char* ns) {
  return equals(xmpp_stanza_get_ns(stanza), ns);
}

std::string text_of(xmpp_stanza_t* stanza) {
  char* text = xmpp_stanza_get_text(stanza);
  if (text == nullptr) {
    return {};
  }
  std::string copy(text);
  xmpp_free(xmpp_stanza_get_context(stanza), text);
  return copy;
}

// A <stream:error/> (RFC 6120 §4.9.2) or a SASL <failure/> (§6.5): the
// defined condition is the child that is not <text/>.
struct Refusal {
  std::string condition;
  std::string text;
};

Refusal read_refusal(xmpp_stanza_t* refusal) {
  Refusal read;
  for (xmpp_stanza_t* child = xmpp_stanza_get_children(refusal); child != nullptr;
       child = xmpp_stanza_get_next(child)) {
    if (!xmpp_stanza_is_tag(child)) {
      continue;
    }
    if (equals(xmpp_stanza_get_name(child), "text")) {
      read.text = text_of(child);
    } else if (read.condition.empty()) {
      read.condition = xmpp_stanza_get_name(child);
    }
  }
  return read;
}

bool offers_external(xmpp_stanza_t* features) {
  xmpp_stanza_t* mechanisms =
      xmpp_stanza_get_child_by_name_and_ns(features, "mechanisms", XMPP_NS_SASL);
  for (xmpp_stanza_t* mechanism = mechanisms ? xmpp_stanza_get_children(mechanisms) : nullptr;
       mechanism != nullptr; mechanism = xmpp_stanza_get_next(mechanism)) {
    if (equals(xmpp_stanza_get_name(mechanism), "mechanism") && text_of(mechanism) == "EXTERNAL") {
      return true;
    }
  }
  return false;
}

/// The stream's progress; the userdata of every libstrophe callback.
struct Session {
  enum class Phase { plain, secured, authenticated };

  const StropheS2sConfig& config;
  StropheS2sOutcome outcome;
  Phase phase = Phase::plain;
  xmpp_log_t log{};
  xmpp_ctx_t* ctx = nullptr;

  // The initiating domain the stream claims: after SASL, as configured.
  const std::string& from() const {
    return phase == Phase::authenticated && config.restarted_from ? *config.restarted_from
                                                                  : config.from;
  }

  void open_stream(xmpp_conn_t* conn) {
    // RFC 6120 §4.7: a server's stream header names both domains.
    const std::string& stream_from = from();
    std::vector<std::string> values = {"xmlns",   kServerNs,   "xmlns:stream", XMPP_NS_STREAMS,
                                       "from",    stream_from, "to",           config.to,
                                       "version", "1.0"};
    std::vector<char*> attributes;
    for (std::string& value : values) {
      attributes.push_back(value.data());
    }
    xmpp_conn_open_stream(conn, attributes.data(), attributes.size());
  }

  void authenticate(xmpp_conn_t* conn) {
    if (config.authzid) {
      xmpp_send_raw_string(conn, "<auth xmlns='%s' mechanism='EXTERNAL'>%s</auth>", XMPP_NS_SASL,
                           config.authzid->c_str());
      return;
    }
    // XEP-0178 §3: the authorization identity is the initiating domain.
    char* identity = xmpp_base64_encode(
        ctx, reinterpret_cast<const unsigned char*>(config.from.data()), config.from.size());
    xmpp_send_raw_string(conn, "<auth xmlns='%s' mechanism='EXTERNAL'>%s</auth>", XMPP_NS_SASL,
                         identity);
    xmpp_free(ctx, identity);
  }

  void ping(xmpp_conn_t* conn) {
    xmpp::StanzaPtr iq(xmpp_iq_new(ctx, "get", kPingId));
    xmpp_stanza_set_from(iq.get(), from().c_str());
    xmpp_stanza_set_to(iq.get(), config.to.c_str());
    xmpp::StanzaPtr ping(xmpp_stanza_new(ctx));
    xmpp_stanza_set_name(ping.get(), "ping");
    xmpp_stanza_set_ns(ping.get(), kPingNs);
    xmpp_stanza_add_child(iq.get(), ping.get());
    xmpp_id_handler_add(conn, on_pong, kPingId, this);
    xmpp_send(conn, iq.get());
    outcome.ping_sent = true;
  }

  static void on_log(void* userdata, xmpp_log_level_t, const char* area, const char* message) {
    static_cast<Session*>(userdata)->outcome.log += fmt::format("{}: {}\n", area, message);
  }

  static void on_connection(xmpp_conn_t* conn, xmpp_conn_event_t event, int, xmpp_stream_error_t*,
                            void* userdata) {
    auto* session = static_cast<Session*>(userdata);
    switch (event) {
      case XMPP_CONN_RAW_CONNECT:
        // The handlers stay for every restart of the stream.
        xmpp_handler_add(conn, on_features, XMPP_NS_STREAMS, "features", nullptr, session);
        xmpp_handler_add(conn, on_stream_error, XMPP_NS_STREAMS, "error", nullptr, session);
        xmpp_handler_add(conn, on_tls, XMPP_NS_TLS, nullptr, nullptr, session);
        xmpp_handler_add(conn, on_sasl, XMPP_NS_SASL, nullptr, nullptr, session);
        session->open_stream(conn);
        break;
      case XMPP_CONN_CONNECT:  // the receiver's stream header; its features follow
        break;
      case XMPP_CONN_DISCONNECT:
      case XMPP_CONN_FAIL:
        session->outcome.ended = true;
        break;
    }
  }

  static int on_features(xmpp_conn_t* conn, xmpp_stanza_t* features, void* userdata) {
    auto* session = static_cast<Session*>(userdata);
    switch (session->phase) {
      case Phase::plain:
        // RFC 6120 §5.4.2.1: STARTTLS, which the receiver requires.
        if (xmpp_stanza_get_child_by_name_and_ns(features, "starttls", XMPP_NS_TLS) == nullptr) {
          xmpp_disconnect(conn);
          break;
        }
        xmpp_send_raw_string(conn, "<starttls xmlns='%s'/>", XMPP_NS_TLS);
        break;
      case Phase::secured:
        session->outcome.external_offered = offers_external(features);
        if (!session->outcome.external_offered) {
          xmpp_disconnect(conn);
          break;
        }
        session->authenticate(conn);
        break;
      case Phase::authenticated:
        if (!session->outcome.ping_sent) {
          session->ping(conn);
        }
        break;
    }
    return 1;
  }

  static int on_tls(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata) {
    auto* session = static_cast<Session*>(userdata);
    if (!in_namespace(stanza, XMPP_NS_TLS)) {
      return 1;
    }
    // RFC 6120 §5.4.3.3: <proceed/>, then the handshake; libstrophe's is
    // synchronous and verifies the certificate for the stream's `to`.
    if (!equals(xmpp_stanza_get_name(stanza), "proceed") || xmpp_conn_tls_start(conn) != XMPP_EOK) {
      xmpp_disconnect(conn);
      return 1;
    }
    session->outcome.secured = true;
    session->phase = Phase::secured;
    session->open_stream(conn);  // §5.4.3.3: a new stream over TLS
    return 1;
  }

  static int on_sasl(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata) {
    auto* session = static_cast<Session*>(userdata);
    if (!in_namespace(stanza, XMPP_NS_SASL)) {
      return 1;
    }
    if (!equals(xmpp_stanza_get_name(stanza), "success")) {
      session->outcome.sasl_failure = read_refusal(stanza).condition;
      xmpp_disconnect(conn);
      return 1;
    }
    session->outcome.authenticated = true;
    session->phase = Phase::authenticated;
    session->open_stream(conn);  // RFC 6120 §6.4.6: a new stream after SASL
    if (session->config.eager_ping) {
      session->ping(conn);
    }
    return 1;
  }

  static int on_stream_error(xmpp_conn_t*, xmpp_stanza_t* error, void* userdata) {
    // The receiver closes the stream after it; libstrophe sees the end.
    auto* session = static_cast<Session*>(userdata);
    Refusal refusal = read_refusal(error);
    session->outcome.stream_error = refusal.condition;
    session->outcome.stream_error_text = refusal.text;
    return 1;
  }

  static int on_pong(xmpp_conn_t* conn, xmpp_stanza_t* stanza, void* userdata) {
    auto* session = static_cast<Session*>(userdata);
    session->outcome.ping_answered = equals(xmpp_stanza_get_type(stanza), "result");
    xmpp_disconnect(conn);  // </stream:stream>; the receiver closes its side
    return 0;
  }
};

}  // namespace

StropheS2sOutcome run_strophe_s2s(const StropheS2sConfig& config) {
  Session session{config};
  session.log = {Session::on_log, &session};
  // Destroyed in reverse: the connection (which may still call back into the
  // session as it closes), then the context, then the session.
  xmpp::StropheCtxPtr ctx(xmpp_ctx_new(nullptr, &session.log));
  session.ctx = ctx.get();
  xmpp::StropheConnPtr conn(xmpp_conn_new(ctx.get()));

  // For a raw connection the JID is the domain connected to: the name the
  // server certificate is verified for, and the SNI.
  xmpp_conn_set_jid(conn.get(), config.to.c_str());
  xmpp_conn_set_cafile(conn.get(), config.trust.c_str());
  if (config.credential) {
    xmpp_conn_set_client_cert(conn.get(), config.credential->certificate.c_str(),
                              config.credential->key.c_str());
  }
  if (xmpp_connect_raw(conn.get(), "127.0.0.1", config.port, Session::on_connection, &session) !=
      XMPP_EOK) {
    session.outcome.log += "xmpp_connect_raw failed\n";
    return session.outcome;
  }
  auto deadline = std::chrono::steady_clock::now() + config.limit;
  while (!session.outcome.ended && std::chrono::steady_clock::now() < deadline) {
    xmpp_run_once(ctx.get(), 50);
  }
  return session.outcome;  // copied before the release closes a connection still open
}

}  // namespace fedharness::test
