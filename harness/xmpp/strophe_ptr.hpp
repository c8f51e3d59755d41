#pragma once

#include <strophe.h>

#include <memory>

namespace fedharness::xmpp {

/// Owners of libstrophe's objects, each released the way libstrophe says.
struct StropheCtxFree {
  void operator()(xmpp_ctx_t* ctx) const { xmpp_ctx_free(ctx); }
};
struct StropheConnRelease {
  void operator()(xmpp_conn_t* conn) const { xmpp_conn_release(conn); }
};
struct StropheStanzaRelease {
  void operator()(xmpp_stanza_t* stanza) const { xmpp_stanza_release(stanza); }
};
using StropheCtxPtr = std::unique_ptr<xmpp_ctx_t, StropheCtxFree>;
using StropheConnPtr = std::unique_ptr<xmpp_conn_t, StropheConnRelease>;
using StanzaPtr = std::unique_ptr<xmpp_stanza_t, StropheStanzaRelease>;

}  // namespace fedharness::xmpp
