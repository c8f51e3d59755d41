// Server dialback (XEP-0220) over real TLS on loopback: the Edge originates
// with a key, a Google Talk style partner checks it with contoso.com's
// authoritative server over a verification connection of its own, and the
// answer decides the stream.
#include <catch2/catch.hpp>

#include "net/tls_context.hpp"
#include "refusal_checks.hpp"
#include "test_support.hpp"
#include "xmpp/dialback.hpp"
#include "xmpp/initiator.hpp"
#include "xmpp/receiver.hpp"

using namespace fedharness;
using namespace fedharness::net;
using fedharness::test::check_refusal;

namespace {

const tcp::endpoint kLoopback(asio::ip::make_address("127.0.0.1"), 0);

struct DialbackExchange {
  ConnectionOutcome initiator;
  ConnectionOutcome receiver;
  std::vector<ConnectionOutcome> authority;  // what contoso.com's server answered
};

// The Edge (lync-xmpp, dialback allowed) opens a stream to gmail.com, whose
// receiving server does dialback only. contoso.com's authoritative server
// answers with `authority_secret`: the Edge's own, or another server's.
struct DialbackLab : test::SeedLab {
  Policy edge_policy = find_policy("lync-xmpp");
  Policy partner_policy = find_policy("google-talk");
  std::shared_ptr<const xmpp::DialbackSecret> edge_secret =
      std::make_shared<xmpp::DialbackSecret>();

  DialbackLab() : SeedLab({}, "gmail.com") {}

  DialbackExchange outbound(std::shared_ptr<const xmpp::DialbackSecret> authority_secret,
                            bool authority_known = true) {
    asio::io_context io;
    DialbackExchange exchange;

    // contoso.com's authoritative server: answers <db:verify/> and nothing more.
    tcp::acceptor authority_port(io, kLoopback);
    xmpp::Dialback authority{authority_secret, [](std::string_view) { return std::nullopt; },
                             nullptr, &trust};
    xmpp::ReceiverConfig authority_config{
        make_tls_context(TlsRole::server, edge_policy, trust, &pki.edge),
        &trust,
        &edge_policy,
        {"contoso.com"},
        {}};
    authority_config.dialback = &authority;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          tcp::socket socket = co_await authority_port.async_accept(asio::use_awaitable);
          exchange.authority.push_back(
              co_await xmpp::serve_stream(std::move(socket), authority_config));
        },
        asio::detached);

    // gmail.com's receiving server, which finds contoso.com's authority by "DNS".
    tcp::acceptor partner_port(io, kLoopback);
    tcp::endpoint authority_endpoint = authority_port.local_endpoint();
    xmpp::Dialback partner_dialback{
        std::make_shared<xmpp::DialbackSecret>(),
        [&](std::string_view domain) -> std::optional<tcp::endpoint> {
          if (!authority_known || domain != "contoso.com") {
            return std::nullopt;
          }
          return authority_endpoint;
        },
        make_tls_context(TlsRole::client, partner_policy, trust, &partner), &trust};
    xmpp::ReceiverConfig receiver{
        make_tls_context(TlsRole::server, partner_policy, trust, &partner),
        &trust,
        &partner_policy,
        {"gmail.com"},
        {}};
    receiver.dialback = &partner_dialback;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          tcp::socket socket = co_await partner_port.async_accept(asio::use_awaitable);
          exchange.receiver = co_await xmpp::serve_stream(std::move(socket), receiver);
          authority_port.close();  // a path that never asked leaves no verifier waiting
        },
        asio::detached);

    xmpp::InitiatorConfig initiator{
        partner_port.local_endpoint(),
        "contoso.com",
        "gmail.com",
        make_tls_context(TlsRole::client, edge_policy, trust, &pki.edge),
        &trust,
        &edge_policy,
        {}};
    initiator.dialback_secret = edge_secret;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          exchange.initiator = co_await xmpp::initiate_stream(initiator);
        },
        asio::detached);
    io.run();
    return exchange;
  }
};

}  // namespace

TEST_CASE("dialback keys follow XEP-0185: bound to both domains, the stream and the secret",
          "[xmpp][dialback]") {
  xmpp::DialbackSecret secret;
  std::string key = secret.key("gmail.com", "contoso.com", "stream-1");
  CHECK(key.size() == 64);  // HMAC-SHA256 in hex
  CHECK(key.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(secret.key("gmail.com", "contoso.com", "stream-1") == key);
  CHECK(secret.key("gmail.com", "contoso.com", "stream-2") != key);
  CHECK(secret.key("gmail.com", "fabrikam.com", "stream-1") != key);
  CHECK(secret.key("contoso.com", "gmail.com", "stream-1") != key);
  CHECK(xmpp::DialbackSecret().key("gmail.com", "contoso.com", "stream-1") != key);
}

TEST_CASE("dialback authenticates the Edge to a dialback-only partner", "[xmpp][dialback]") {
  DialbackLab lab;
  DialbackExchange exchange = lab.outbound(lab.edge_secret);
  CAPTURE(exchange.initiator.evidence, exchange.receiver.evidence);
  CHECK(exchange.initiator.passed);
  CHECK(exchange.initiator.evidence ==
        "STARTTLS, dialback <db:result type='valid'/>, ping answered");
  CHECK(exchange.receiver.passed);
  CHECK(exchange.receiver.evidence ==
        "contoso.com authenticated with dialback over STARTTLS and pinged");
  REQUIRE(exchange.authority.size() == 1);
  CHECK(exchange.authority.front().passed);
  CHECK_FALSE(exchange.authority.front().for_path);
  CHECK(exchange.authority.front().evidence == "answered 1 dialback verification(s) for gmail.com");
}

TEST_CASE("a key contoso.com's authoritative server did not issue fails dialback on both ends",
          "[xmpp][dialback]") {
  DialbackLab lab;
  DialbackExchange exchange = lab.outbound(std::make_shared<xmpp::DialbackSecret>());
  check_refusal(exchange.receiver, FindingCode::xmpp_dialback_failed, Side::local);
  CHECK(exchange.receiver.evidence ==
        "dialback for contoso.com failed: the authoritative server for contoso.com says the key "
        "is invalid");
  check_refusal(exchange.initiator, FindingCode::xmpp_dialback_failed, Side::remote);
  CHECK(exchange.initiator.evidence == "dialback for contoso.com answered: invalid");
}

TEST_CASE("dialback fails when the originating domain has no authoritative server",
          "[xmpp][dialback]") {
  DialbackLab lab;
  DialbackExchange exchange = lab.outbound(lab.edge_secret, false);
  check_refusal(exchange.receiver, FindingCode::xmpp_dialback_failed, Side::local);
  CHECK(exchange.receiver.evidence.ends_with(
      "no authoritative server is known for contoso.com (its _xmpp-server SRV record)"));
  check_refusal(exchange.initiator, FindingCode::xmpp_dialback_failed, Side::remote);
  CHECK(exchange.authority.empty());
}
