#include "scenario/message_path.hpp"

#include <fmt/core.h>
#include <openssl/rand.h>

#include "net/off_thread.hpp"
#include "util/files.hpp"
#include "xmpp/c2s_client.hpp"

namespace fedharness {

using namespace net;

namespace {

xmpp::C2sAccount account_on(const PartnerServer& server, const std::string& domain) {
  return {tcp::endpoint(asio::ip::make_address(server.address), server.c2s_port), domain,
          server.account,
          server.password_file.empty() ? std::string() : read_password_file(server.password_file),
          server.trust};
}

// A body no other message has: this path's message and no other counts.
std::string fresh_token(const PathSpec& path) {
  unsigned char bytes[8];
  RAND_bytes(bytes, sizeof bytes);
  std::string token = "fedharness " + path.id + " ";
  for (unsigned char byte : bytes) {
    token += fmt::format("{:02x}", byte);
  }
  return token;
}

ConnectionOutcome delivered(std::string evidence) {
  return {true, std::nullopt, Side::local, "message", std::move(evidence)};
}

ConnectionOutcome not_delivered(std::string evidence) {
  return {false, FindingCode::xmpp_message_not_delivered, Side::remote, "message",
          std::move(evidence)};
}

void client_failed(PathResult& result, const xmpp::C2sOutcome& outcome) {
  result.outcome = PathOutcome::error;
  result.reason = fmt::format("the harness's client of the partner server failed at {}: {}",
                              outcome.stage, outcome.evidence);
}

// Our user sends; the Edge must receive it from the partner server.
asio::awaitable<void> inbound_message(const MessageRoute& route, PathResult& result,
                                      xmpp::C2sClient& client, std::string token) {
  const PathSpec& path = *result.spec;
  const Deadlines& deadlines = route.deadlines;
  std::string edge_user = "fedharness@" + path.edge_domain;
  xmpp::C2sOutcome sent = co_await off_thread(
      [&] { return client.send_message(edge_user, token, deadlines.of(Budget::answer)); });
  if (!sent.ok) {
    client_failed(result, sent);
    co_return;
  }
  result.partner_end = delivered(fmt::format("{} sent it to {}", client.bound_jid(), edge_user));
  // The partner server resolves the Edge's domain, connects, secures and
  // authenticates its stream first: a whole path of its own.
  auto wait = deadlines.of(Budget::path);
  std::optional<xmpp::DeliveredMessage> message = co_await route.mailbox->take(token, wait);
  if (message) {
    result.edge_end =
        delivered(fmt::format("received from {}; {}", message->from, message->stream));
  } else {
    result.edge_end = not_delivered(fmt::format("no message from {} reached the Edge within {} ms",
                                                path.partner, wait.count()));
  }
}

// The Edge sends over its own stream; our user must receive it.
asio::awaitable<void> outbound_message(const MessageRoute& route, PathResult& result,
                                       xmpp::C2sClient& client, std::string token) {
  const PathSpec& path = *result.spec;
  xmpp::InitiatorConfig config = xmpp_initiator(route.edge, route.partner_s2s, path.edge_domain,
                                                path.partner, route.deadlines);
  config.message =
      xmpp::OutgoingMessage{"fedharness@" + path.edge_domain, client.bound_jid(), token};
  std::shared_ptr<Transcript> transcript = transcript_for(route.edge);
  config.transcript = transcript.get();
  result.edge_end = co_await xmpp::initiate_stream(std::move(config));
  result.edge_end->transcript = std::move(transcript);
  if (!result.edge_end->passed) {
    co_return;  // the stream failed: its end says why, and nothing can arrive
  }
  xmpp::C2sOutcome received = co_await off_thread(
      [&] { return client.wait_for_message(token, route.deadlines.of(Budget::answer)); });
  result.partner_end =
      received.ok ? delivered(received.evidence) : not_delivered(received.evidence);
}

}  // namespace

asio::awaitable<void> run_message_path(const MessageRoute& route, PathResult& result) {
  const PathSpec& path = *result.spec;
  xmpp::C2sClient client(account_on(*path.partner_server, path.partner));
  xmpp::C2sOutcome login =
      co_await off_thread([&] { return client.log_in(route.deadlines.of(Budget::connect)); });
  if (!login.ok) {
    client_failed(result, login);
    co_return;
  }
  if (path.direction == Direction::inbound) {
    co_await inbound_message(route, result, client, fresh_token(path));
  } else {
    co_await outbound_message(route, result, client, fresh_token(path));
  }
}

}  // namespace fedharness
