#pragma once

#include <string>

#include "net/rendezvous.hpp"

namespace fedharness::xmpp {

/// The answer to one of our IQ requests (RFC 6120 §8.2.3) that came over the
/// peer's own stream to us: a server-to-server stream carries stanzas one way
/// (RFC 6120 §4.1), so a receiver without XEP-0288 bidi (ejabberd 23.01)
/// answers over a connection it opens back to our domain.
struct IqAnswer {
  std::string type;    // "result" or "error"
  std::string from;    // the answering domain
  std::string stream;  // how the stream it came on was authenticated, in words
};

/// Keyed by the request's id: the receiving side posts, the initiator takes.
using IqAnswers = Rendezvous<std::string, IqAnswer>;

}  // namespace fedharness::xmpp
