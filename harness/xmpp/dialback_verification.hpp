#pragma once

#include <string>

#include "net/asio.hpp"
#include "net/outcome.hpp"
#include "verify/policy.hpp"
#include "xmpp/dialback.hpp"

namespace fedharness::xmpp {

/// The receiving server's check of a dialback key (XEP-0220 §2.3): asks the
/// originating domain's authoritative server, over a verification
/// connection of its own (an initiating stream carrying one <db:verify/>),
/// whether `key` is the one it issued for stream `stream_id`. Passes when
/// the answer is "valid"; fails with XMPP_DIALBACK_FAILED when it is not, or
/// when no authoritative server is known for `originating`.
net::asio::awaitable<net::ConnectionOutcome> ask_authoritative_server(
    const Dialback& dialback, const Policy& policy, net::Deadlines deadlines, std::string receiving,
    std::string originating, std::string stream_id, std::string key);

}  // namespace fedharness::xmpp
