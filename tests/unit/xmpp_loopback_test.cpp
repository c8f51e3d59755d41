// Both XMPP server-to-server roles against each other over real TLS on
// loopback: STARTTLS, SASL EXTERNAL, ping, and each server's refusals.
#include <catch2/catch.hpp>

#include "net/tls_context.hpp"
#include "pki/lab_pki.hpp"
#include "refusal_checks.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"
#include "xmpp/initiator.hpp"
#include "xmpp/receiver.hpp"

using namespace fedharness;
using namespace fedharness::net;
using fedharness::test::check_refusal;

namespace {

struct Exchange {
  ConnectionOutcome initiator;
  ConnectionOutcome receiver;
};

struct Lab : test::SeedLab {
  explicit Lab(std::vector<std::string> defects = {}) : SeedLab(defects, "partner.example") {}

  // The Edge opens a stream from `from_domain` to a partner whose receiving
  // server runs `policy`.
  Exchange outbound(const std::string& policy_name, const std::string& from_domain = "contoso.com",
                    bool direct_tls = false) {
    Policy receiving = find_policy(policy_name);
    Policy initiating = find_policy("xmpp-rfc6120");
    asio::io_context io;
    tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    Exchange exchange;
    xmpp::ReceiverConfig receiver{make_tls_context(TlsRole::server, receiving, trust, &partner),
                                  &trust,
                                  &receiving,
                                  {"partner.example"},
                                  {},
                                  direct_tls};
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          tcp::socket socket = co_await listener.async_accept(asio::use_awaitable);
          exchange.receiver = co_await xmpp::serve_stream(std::move(socket), receiver);
        },
        asio::detached);
    xmpp::InitiatorConfig initiator{listener.local_endpoint(),
                                    from_domain,
                                    "partner.example",
                                    make_tls_context(TlsRole::client, initiating, trust, &pki.edge),
                                    &trust,
                                    &initiating,
                                    {},
                                    direct_tls};
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

TEST_CASE("the seed certificate federates over XMPP with every receiving server",
          "[xmpp][loopback]") {
  Lab lab;
  for (const char* policy :
       {"xmpp-rfc6120", "prosody", "prosody-strict-eku", "ejabberd", "ejabberd-25", "lync-xmpp"}) {
    for (const char* from : {"contoso.com", "fabrikam.com"}) {
      Exchange exchange = lab.outbound(policy, from);
      CAPTURE(policy, from, exchange.initiator.evidence, exchange.receiver.evidence);
      CHECK(exchange.initiator.passed);
      CHECK(exchange.receiver.passed);
    }
  }
}

TEST_CASE("a serverAuth-only certificate: Prosody federates, strict EKU and ejabberd refuse",
          "[xmpp][loopback]") {
  Lab lab({"no-client-eku"});
  CHECK(lab.outbound("prosody").initiator.passed);
  CHECK(lab.outbound("ejabberd-25").initiator.passed);

  // Prosody refuses with a stream error after TLS; its text names the cause.
  Exchange strict = lab.outbound("prosody-strict-eku");
  check_refusal(strict.receiver, FindingCode::eku_client_missing, Side::local);
  check_refusal(strict.initiator, FindingCode::eku_client_missing, Side::remote);
  CHECK(strict.initiator.stage == "sasl");
  CHECK(strict.initiator.evidence.starts_with("stream error <not-authorized/>"));

  // ejabberd offers EXTERNAL anyway and answers <failure/> at <auth>.
  Exchange ejabberd = lab.outbound("ejabberd");
  check_refusal(ejabberd.receiver, FindingCode::eku_client_missing, Side::local);
  check_refusal(ejabberd.initiator, FindingCode::eku_client_missing, Side::remote);
  CHECK(ejabberd.initiator.evidence.starts_with("SASL EXTERNAL <failure><not-authorized/>"));
}

TEST_CASE("an XMPP domain missing from the SANs is NAME_MISMATCH for that domain only",
          "[xmpp][loopback]") {
  Lab lab({"missing-san:fabrikam.com"});
  Exchange fabrikam = lab.outbound("xmpp-rfc6120", "fabrikam.com");
  check_refusal(fabrikam.receiver, FindingCode::name_mismatch, Side::local);
  check_refusal(fabrikam.initiator, FindingCode::name_mismatch, Side::remote);
  CHECK(lab.outbound("xmpp-rfc6120", "contoso.com").initiator.passed);
}

TEST_CASE("a hostile receiver's DOCTYPE is a protocol violation, not a crash",
          "[xmpp][loopback][hostile]") {
  Lab lab;
  Policy policy = find_policy("xmpp-rfc6120");
  asio::io_context io;
  tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        tcp::socket socket = co_await listener.async_accept(asio::use_awaitable);
        std::string hostile =
            "<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]><stream:stream/>";
        co_await asio::async_write(socket, asio::buffer(hostile), asio::use_awaitable);
        char byte;
        co_await socket.async_read_some(asio::buffer(&byte, 1), nothrow);
      },
      asio::detached);
  ConnectionOutcome outcome;
  xmpp::InitiatorConfig config{listener.local_endpoint(),
                               "contoso.com",
                               "partner.example",
                               make_tls_context(TlsRole::client, policy, lab.trust, &lab.pki.edge),
                               &lab.trust,
                               &policy,
                               {}};
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { outcome = co_await xmpp::initiate_stream(config); },
      asio::detached);
  io.run();
  check_refusal(outcome, FindingCode::protocol_violation, Side::remote);
  CHECK(outcome.evidence.starts_with("restricted-xml: a DOCTYPE is not allowed"));
}

TEST_CASE("direct TLS (XEP-0368) runs the same stream inside TLS from the first byte",
          "[xmpp][loopback]") {
  Lab lab;
  Exchange good = lab.outbound("xmpp-rfc6120", "contoso.com", true);
  CAPTURE(good.initiator.evidence, good.receiver.evidence);
  CHECK(good.initiator.passed);
  CHECK(good.receiver.passed);
  // Both ends agreed on the protocol id XEP-0368 §3 names.
  CHECK(good.initiator.evidence.starts_with("direct TLS (ALPN xmpp-server)"));
  CHECK(good.receiver.evidence.ends_with("over direct TLS (ALPN xmpp-server) and pinged"));
  Exchange starttls = lab.outbound("xmpp-rfc6120", "contoso.com");
  CHECK(starttls.receiver.evidence.ends_with("over STARTTLS and pinged"));
  Lab serverauth_only({"no-client-eku"});
  Exchange refused = serverauth_only.outbound("ejabberd", "contoso.com", true);
  check_refusal(refused.receiver, FindingCode::eku_client_missing, Side::local);
  check_refusal(refused.initiator, FindingCode::eku_client_missing, Side::remote);
}
