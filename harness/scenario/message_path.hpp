#pragma once

#include <string>

#include "net/asio.hpp"
#include "net/rendezvous.hpp"
#include "scenario/path_result.hpp"
#include "scenario/protocol_ends.hpp"

namespace fedharness {

/// Where the simulated Edge leaves the messages it took delivery of, keyed by
/// their body, for the message path that sent each to collect.
using Mailbox = Rendezvous<std::string, xmpp::DeliveredMessage>;

/// What an end-to-end message path needs of its run.
struct MessageRoute {
  PathEnd edge;                    // the Edge as an initiating server (outbound)
  net::tcp::endpoint partner_s2s;  // the real partner server's s2s port (outbound)
  Mailbox* mailbox = nullptr;      // what the Edge received (inbound)
  net::Deadlines deadlines;
};

/// A message path (kind: message): the harness logs in to the real partner
/// server as a client (libstrophe, RFC 6120 c2s). Inbound, that user sends a
/// message to fedharness@<edge_domain>, which the partner server must carry
/// over its own server-to-server stream to the simulated Edge. Outbound, the
/// Edge opens a stream to the partner server and sends the message to the
/// logged-in user, who must receive it. The body is a fresh token, so only
/// this path's message counts. A login the harness cannot make is an error
/// of the path, not a verdict on federation.
net::asio::awaitable<void> run_message_path(const MessageRoute& route, PathResult& result);

}  // namespace fedharness
