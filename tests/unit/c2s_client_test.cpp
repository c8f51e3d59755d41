// xmpp::C2sClient against servers that stop answering: every call ends at
// its deadline, and the session ends soon after, even when libstrophe is
// blocked in its TLS handshake, which has no timeout of its own. (Logging in
// to a real server is tests/integration/prosody_c2s_test.sh.)
#include "xmpp/c2s_client.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <optional>
#include <thread>

#include "net/asio.hpp"

using namespace fedharness;
using namespace fedharness::net;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

/// Accepts one client connection and answers it up to a point, then holds
/// it open without a word until destroyed.
class StallingServer {
 public:
  enum class Until { connected, proceed };

  explicit StallingServer(Until until)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, until] {
      // A client that hangs up early ends the script there.
      try {
        script(until);
      } catch (const boost::system::system_error&) {
      }
      release_.get_future().wait();
    });
  }

  ~StallingServer() {
    release_.set_value();
    thread_.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void script(Until until) {
    socket_ = acceptor_.accept();
    if (until == Until::proceed) {
      // RFC 6120 §5.4.2: STARTTLS offered and required, and <proceed/>
      // once asked; then the TLS handshake gets no answer.
      asio::write(socket_, asio::buffer(std::string_view(
                               "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                               "xmlns:stream='http://etherx.jabber.org/streams' "
                               "from='partner.example' id='s1' version='1.0'><stream:features>"
                               "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                               "</starttls></stream:features>")));
      std::string received;
      asio::read_until(socket_, asio::dynamic_buffer(received), "<starttls");
      asio::write(
          socket_,
          asio::buffer(std::string_view("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")));
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  tcp::socket socket_{io_};
  std::promise<void> release_;
  std::thread thread_;
};

xmpp::C2sAccount alice(unsigned short port) {
  return {tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
          "partner.example",
          "alice@partner.example",
          "secret",
          {}};
}

// Logs in against `server` with a short deadline; the outcome, and how long
// log_in and then the session's end took.
struct Timed {
  xmpp::C2sOutcome outcome;
  Clock::duration logging_in;
  Clock::duration ending;
};

Timed log_in_to(const StallingServer& server) {
  Timed timed;
  std::optional<xmpp::C2sClient> client(alice(server.port()));
  Clock::time_point began = Clock::now();
  timed.outcome = client->log_in(300ms);
  Clock::time_point returned = Clock::now();
  client.reset();
  timed.logging_in = returned - began;
  timed.ending = Clock::now() - returned;
  return timed;
}

}  // namespace

TEST_CASE("C2sClient: a server that says nothing fails log_in at its deadline", "[c2s]") {
  StallingServer server(StallingServer::Until::connected);
  Timed timed = log_in_to(server);
  CHECK_FALSE(timed.outcome.ok);
  CHECK(timed.outcome.stage == "tls");
  CHECK(timed.outcome.evidence == "the server did not proceed with STARTTLS within 300 ms");
  CHECK(timed.logging_in >= 300ms);
  CHECK(timed.logging_in < 1s);
  CHECK(timed.ending < 1s);
}

TEST_CASE("C2sClient: a TLS handshake that hangs is cut at the deadline", "[c2s]") {
  StallingServer server(StallingServer::Until::proceed);
  Timed timed = log_in_to(server);
  CHECK_FALSE(timed.outcome.ok);
  CHECK(timed.outcome.stage == "tls");
  CHECK_THAT(timed.outcome.evidence, Catch::StartsWith("no TLS handshake within 300 ms"));
  CHECK(timed.logging_in < 1s);
  // libstrophe was blocked in SSL_connect: ending the session had to wake it.
  CHECK(timed.ending < 1s);
}

TEST_CASE("C2sClient: nothing is sent or received before logging in", "[c2s]") {
  xmpp::C2sClient client(alice(1));
  CHECK(client.send_message("bob@partner.example", "hello", 100ms).evidence == "not logged in");
  CHECK(client.wait_for_message("hello", 100ms).evidence == "not logged in");
  CHECK(client.bound_jid().empty());
  CHECK(client.delivery_errors().empty());
}
