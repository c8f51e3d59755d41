#include "arena.hpp"

#include <catch2/catch.hpp>

#include "net/tls_context.hpp"
#include "report/utf8.hpp"
#include "sip/acceptor.hpp"
#include "sip/initiator.hpp"
#include "xmpp/initiator.hpp"
#include "xmpp/receiver.hpp"

namespace fedharness::hostile {

using namespace net;

namespace {

bool initiates(OurEnd end) {
  return end == OurEnd::sip_initiator || end == OurEnd::xmpp_initiator ||
         end == OurEnd::xmpp_direct_tls_initiator;
}

// Printable UTF-8: what every output of the harness must be.
bool printable_text(std::string_view text) {
  return valid_utf8(text) == text && std::ranges::none_of(text, [](char c) {
           auto byte = static_cast<unsigned char>(c);
           return byte < 0x20 || byte == 0x7F;
         });
}

}  // namespace

Arena::Arena() : lab_({}, "partner.example") {
  for (size_t i = 0; i < kBudgetCount; ++i) {
    deadlines_.set(static_cast<Budget>(i), kStageBudget);
  }
  deadlines_.set(Budget::path, kPathBudget);
  sip_server_tls_ = make_tls_context(TlsRole::server, sip_policy_, lab_.trust, &lab_.pki.edge);
  xmpp_server_tls_ = make_tls_context(TlsRole::server, xmpp_policy_, lab_.trust, &lab_.partner);
  client_tls_ = make_tls_context(TlsRole::client, xmpp_policy_, lab_.trust, &lab_.partner);
}

Arena& shared_arena() {
  static Arena arena;
  return arena;
}

Meeting Arena::meet(OurEnd end, Script script) {
  asio::io_context io;
  tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  Meeting meeting;
  auto started = std::chrono::steady_clock::now();
  auto conclude = [&](ConnectionOutcome outcome) {
    meeting.elapsed = std::chrono::steady_clock::now() - started;
    meeting.outcome = std::move(outcome);
    io.stop();  // the hostile peer's part is over too
  };
  // The configurations are named locals, not temporaries in the co_await
  // (GCC 12 destroys those twice in a coroutine).
  sip::InitiatorConfig sip_initiator{
      listener.local_endpoint(),
      "partner.example",
      PeerName::for_domain("contoso.com"),
      make_tls_context(TlsRole::client, sip_policy_, lab_.trust, &lab_.partner),
      &lab_.trust,
      &sip_policy_,
      deadlines_};
  xmpp::InitiatorConfig xmpp_initiator{
      listener.local_endpoint(),
      "contoso.com",
      "partner.example",
      make_tls_context(TlsRole::client, xmpp_policy_, lab_.trust, &lab_.pki.edge),
      &lab_.trust,
      &xmpp_policy_,
      deadlines_,
      end == OurEnd::xmpp_direct_tls_initiator};
  sip::AcceptorConfig sip_acceptor{
      make_tls_context(TlsRole::server, sip_policy_, lab_.trust, &lab_.pki.edge),
      &lab_.trust,
      &sip_policy_,
      {"contoso.com"},
      deadlines_};
  xmpp::ReceiverConfig xmpp_receiver{
      make_tls_context(TlsRole::server, xmpp_policy_, lab_.trust, &lab_.pki.edge),
      &lab_.trust,
      &xmpp_policy_,
      {"contoso.com"},
      deadlines_};

  if (initiates(end)) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto [error, socket] = co_await listener.async_accept(nothrow);
          if (!error) {
            co_await play(std::move(socket), std::move(script));
          }
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          // One co_await per statement: GCC 12 miscompiles a co_await inside ?:.
          ConnectionOutcome outcome;
          if (end == OurEnd::sip_initiator) {
            outcome = co_await sip::initiate_options(sip_initiator);
          } else {
            outcome = co_await xmpp::initiate_stream(xmpp_initiator);
          }
          conclude(std::move(outcome));
        },
        asio::detached);
  } else {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto [error, socket] = co_await listener.async_accept(nothrow);
          if (error) {
            co_return;
          }
          ConnectionOutcome outcome;
          if (end == OurEnd::sip_acceptor) {
            outcome = co_await sip::serve_connection(std::move(socket), sip_acceptor);
          } else {
            outcome = co_await xmpp::serve_stream(std::move(socket), xmpp_receiver);
          }
          conclude(std::move(outcome));
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          tcp::socket socket(io);
          auto [error] = co_await socket.async_connect(listener.local_endpoint(), nothrow);
          if (!error) {
            co_await play(std::move(socket), std::move(script));
          }
        },
        asio::detached);
  }
  // Watched a good while past the budget: an end that outlives it is found
  // out here, not by a hung test.
  io.run_for(kPathBudget + 4 * kMargin);
  if (!meeting.outcome) {
    meeting.elapsed = std::chrono::steady_clock::now() - started;
  }
  return meeting;
}

void check_behaviour(Arena& arena, const Behaviour& behaviour) {
  Meeting meeting = arena.meet(behaviour.end, behaviour.script);
  INFO(behaviour.name);
  INFO("elapsed " << meeting.elapsed.count() << " s");
  REQUIRE(meeting.outcome);  // it ended at all
  const ConnectionOutcome& outcome = *meeting.outcome;
  INFO("evidence: " << outcome.evidence);
  CHECK(meeting.elapsed <= Arena::kPathBudget + Arena::kMargin);
  if (behaviour.code) {
    CHECK_FALSE(outcome.passed);
    REQUIRE(outcome.code);
    CHECK(to_string(*outcome.code) == to_string(*behaviour.code));
    CHECK(to_string(outcome.side) == to_string(behaviour.side));
  } else {
    CHECK(outcome.passed);
  }
  CHECK(outcome.stage == behaviour.stage);
  CHECK(printable_text(outcome.evidence));
  CHECK(printable_text(outcome.stream_error_received));
  CHECK(outcome.evidence.find(behaviour.evidence_part) != std::string::npos);
}

void check_behaviours(Arena& arena, const std::vector<Behaviour>& behaviours) {
  for (const Behaviour& behaviour : behaviours) {
    DYNAMIC_SECTION(behaviour.name) {
      check_behaviour(arena, behaviour);
    }
  }
}

}  // namespace fedharness::hostile
