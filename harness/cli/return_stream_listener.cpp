#include "cli/return_stream_listener.hpp"

#include "net/tls_context.hpp"
#include "scenario/protocol_ends.hpp"

namespace fedharness::cli {

ReturnStreamListener::ReturnStreamListener(const net::tcp::endpoint& at, std::string our_domain,
                                           const IssuedCredential& identity,
                                           const TrustStore& trust, const Policy& policy,
                                           net::Deadlines deadlines) {
  PathEnd receiving{.tls = net::make_tls_context(net::TlsRole::server, policy, trust, &identity),
                    .trust = &trust,
                    .policy = &policy,
                    .answers = &answers_};
  listener_ = std::make_unique<Listener>(
      workers_, at,
      [receiving, our_domain = std::move(our_domain), deadlines](net::tcp::socket socket) {
        return accept(Protocol::xmpp, receiving, std::move(socket), {our_domain}, deadlines);
      },
      [](const net::tcp::endpoint&, net::ConnectionOutcome) {});
  thread_ = std::thread([this] { workers_.run(); });
}

ReturnStreamListener::~ReturnStreamListener() {
  listener_->stop();
  workers_.finish();
  thread_.join();
}

}  // namespace fedharness::cli
