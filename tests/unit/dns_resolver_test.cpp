// The resolver against scripted DNS servers on loopback UDP: one that
// answers as an authoritative server would, one that sends garbage, one
// that never answers. The real server (Knot) is the integration test's;
// these keep the resolver's own code under the sanitizer build too.
#include <fmt/core.h>

#include <boost/asio/ip/udp.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <thread>

#include "dns/discovery.hpp"
#include "dns/resolver.hpp"

using namespace fedharness;
using namespace fedharness::net;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

using Responder = std::function<std::optional<std::string>(const std::string& query)>;

// A UDP server on 127.0.0.1 answering each datagram as `respond` says, in a
// thread of its own, until destroyed.
class ScriptedDnsServer {
 public:
  explicit ScriptedDnsServer(Responder respond)
      : socket_(io_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        respond_(std::move(respond)) {
    receive();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ScriptedDnsServer() {
    io_.stop();
    thread_.join();
  }

  std::string address() const {
    return fmt::format("127.0.0.1@{}", socket_.local_endpoint().port());
  }

 private:
  void receive() {
    socket_.async_receive_from(asio::buffer(buffer_), peer_, [this](error_code error, size_t size) {
      if (error) {
        return;
      }
      if (auto reply = respond_(std::string(buffer_.data(), size))) {
        socket_.send_to(asio::buffer(*reply), peer_, 0, error);
      }
      receive();
    });
  }

  asio::io_context io_;
  asio::ip::udp::socket socket_;
  Responder respond_;
  std::array<char, 4096> buffer_{};
  asio::ip::udp::endpoint peer_;
  std::thread thread_;
};

// An authoritative answer to a query (RFC 1035 §4.1): its id and question,
// then one SRV record for the question's name, 10 50 5061 sip.example.
std::optional<std::string> answer_with_srv(const std::string& query) {
  size_t end = 12;
  while (end < query.size() && query[end] != 0) {
    end += static_cast<unsigned char>(query[end]) + 1;
  }
  end += 5;  // the root label, QTYPE, QCLASS
  if (end > query.size()) {
    return std::nullopt;
  }
  std::string reply = query.substr(0, 2);
  reply += "\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00"s;  // QR AA, one question, one answer
  reply += query.substr(12, end - 12);
  std::string rdata =
      "\x00\x0a\x00\x32\x13\xc5\x03sip\x07"
      "example\x00"s;
  reply += "\xc0\x0c\x00\x21\x00\x01\x00\x00\x00\x3c"s;  // the question's name, SRV, IN, TTL 60
  reply += static_cast<char>(rdata.size() >> 8);
  reply += static_cast<char>(rdata.size() & 0xff);
  return reply + rdata;
}

template <typename T>
T run(asio::io_context& io, asio::awaitable<T> work) {
  std::optional<T> result;
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr error, T value) {
    if (error) {
      std::rethrow_exception(error);
    }
    result = std::move(value);
  });
  io.run();
  return std::move(*result);
}

dns::Answer lookup_srv(const std::string& server, std::chrono::milliseconds deadline) {
  asio::io_context io;
  dns::Resolver resolver(io.get_executor(), {.server = server, .deadline = deadline});
  return run(io, resolver.lookup("_sipfederationtls._tcp.example", dns::RecordType::srv));
}

}  // namespace

TEST_CASE("the resolver reads an authoritative SRV answer", "[dns][resolver]") {
  ScriptedDnsServer server(answer_with_srv);
  dns::Answer answer = lookup_srv(server.address(), 5s);
  REQUIRE(answer.status == dns::Answer::Status::data);
  CHECK_FALSE(answer.secure);  // no trust anchor: insecure
  REQUIRE(answer.rdata.size() == 1);
  auto record = dns::parse_srv(answer.rdata.front());
  REQUIRE(record);
  CHECK(record->target == "sip.example");
  CHECK(record->port == 5061);
}

TEST_CASE("a DNS server that sends garbage or nothing ends by the lookup's deadline",
          "[dns][resolver][hostile]") {
  auto garbage = [](const std::string&) {
    return std::optional<std::string>(std::string(300, '\xff'));
  };
  auto silence = [](const std::string&) { return std::optional<std::string>(); };
  for (const Responder& respond : {Responder(garbage), Responder(silence)}) {
    ScriptedDnsServer server(respond);
    auto started = std::chrono::steady_clock::now();
    dns::Answer answer = lookup_srv(server.address(), 500ms);
    auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK((answer.status == dns::Answer::Status::timeout ||
           answer.status == dns::Answer::Status::server_failure));
    CHECK(elapsed < 1500ms);  // the budget and a margin, not libunbound's own 17 s
  }
}

TEST_CASE("discovery of a domain whose server answers every question with one SRV record",
          "[dns][resolver]") {
  // Every name has SRV data and nothing else, so the target has no address.
  ScriptedDnsServer server(answer_with_srv);
  asio::io_context io;
  dns::Resolver resolver(io.get_executor(), {.server = server.address(), .deadline = 2s});
  std::mt19937 random(1);
  dns::Discovery discovery = run(io, dns::discover_sip_federation(resolver, "example", random));
  REQUIRE(discovery.targets.size() == 1);
  CHECK(discovery.targets[0].host == "sip.example");
  CHECK(discovery.targets[0].addresses.empty());
  CHECK_FALSE(discovery.passed());
}
