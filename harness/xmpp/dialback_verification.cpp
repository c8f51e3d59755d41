#include "xmpp/dialback_verification.hpp"

#include <fmt/core.h>

#include "xmpp/initiator.hpp"

namespace fedharness::xmpp {

using namespace net;

asio::awaitable<ConnectionOutcome> ask_authoritative_server(
    const Dialback& dialback, const Policy& policy, Deadlines deadlines, std::string receiving,
    std::string originating, std::string stream_id, std::string key) {
  std::optional<tcp::endpoint> authority = dialback.authoritative_servers(originating);
  if (!authority) {
    co_return ConnectionOutcome{
        false, FindingCode::xmpp_dialback_failed, Side::local, "dialback",
        fmt::format("no authoritative server is known for {} (its _xmpp-server SRV record)",
                    originating)};
  }
  InitiatorConfig verification{*authority,
                               std::move(receiving),
                               std::move(originating),
                               dialback.verify_tls,
                               dialback.trust,
                               &policy,
                               deadlines};
  verification.question = DialbackQuestion{std::move(stream_id), std::move(key)};
  co_return co_await initiate_stream(std::move(verification));
}

}  // namespace fedharness::xmpp
