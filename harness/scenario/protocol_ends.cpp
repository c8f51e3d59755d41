#include "scenario/protocol_ends.hpp"

#include "sip/acceptor.hpp"
#include "sip/initiator.hpp"

namespace fedharness {

using namespace net;

// The configurations are named locals, not braced temporaries inside the
// co_await: GCC 12 destroys such temporaries twice in a coroutine (a double
// free seen here with the served domains).

std::shared_ptr<Transcript> transcript_for(const PathEnd& end) {
  return end.transcribe ? std::make_shared<Transcript>() : nullptr;
}

xmpp::InitiatorConfig xmpp_initiator(const PathEnd& end, tcp::endpoint target,
                                     std::string from_domain, std::string to_domain,
                                     Deadlines deadlines) {
  xmpp::InitiatorConfig config{
      target,   std::move(from_domain), std::move(to_domain), end.tls, end.trust, end.policy,
      deadlines};
  if (end.dialback != nullptr) {
    config.dialback_secret = end.dialback->secret;
  }
  config.direct_tls = end.direct_tls;
  config.answers = end.answers;
  config.dane = end.dane;
  return config;
}

asio::awaitable<ConnectionOutcome> initiate(Protocol protocol, const PathEnd& end,
                                            tcp::endpoint target, std::string from_domain,
                                            PeerName to, Deadlines deadlines) {
  std::shared_ptr<Transcript> transcript = transcript_for(end);
  ConnectionOutcome outcome;
  if (protocol == Protocol::xmpp) {
    xmpp::InitiatorConfig config =
        xmpp_initiator(end, target, std::move(from_domain), std::move(to.domain), deadlines);
    config.transcript = transcript.get();
    outcome = co_await xmpp::initiate_stream(std::move(config));
  } else {
    sip::InitiatorConfig config{
        target,    std::move(from_domain), std::move(to), end.tls, end.trust, end.policy,
        deadlines, transcript.get()};
    outcome = co_await sip::initiate_options(std::move(config));
  }
  outcome.transcript = std::move(transcript);
  co_return outcome;
}

asio::awaitable<ConnectionOutcome> accept(Protocol protocol, const PathEnd& end, tcp::socket socket,
                                          std::vector<std::string> served_domains,
                                          Deadlines deadlines) {
  std::shared_ptr<Transcript> transcript = transcript_for(end);
  ConnectionOutcome outcome;
  if (protocol == Protocol::xmpp) {
    xmpp::ReceiverConfig config{end.tls, end.trust, end.policy, std::move(served_domains),
                                deadlines};
    config.dialback = end.dialback;
    config.on_message = end.on_message;
    config.direct_tls = end.direct_tls;
    config.answers = end.answers;
    config.transcript = transcript.get();
    config.on_event = end.on_event;
    outcome = co_await xmpp::serve_stream(std::move(socket), std::move(config));
  } else {
    sip::AcceptorConfig config{end.tls,   end.trust,        end.policy,  std::move(served_domains),
                               deadlines, transcript.get(), end.on_event};
    outcome = co_await sip::serve_connection(std::move(socket), std::move(config));
  }
  outcome.transcript = std::move(transcript);
  co_return outcome;
}

}  // namespace fedharness
