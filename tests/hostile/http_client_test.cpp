// Hostile clients against `fedharness serve`'s HTTP server: each is
// answered with its status or cut off, within its budget, and the server
// answers others throughout.
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "report/run_json.hpp"
#include "serve/http_server.hpp"
#include "serve/serve_api.hpp"
#include "test_support.hpp"

using namespace fedharness;
using namespace fedharness::serve;
using namespace std::chrono_literals;

namespace {

// A fedharness serve on a free loopback port, its runs empty, on a thread.
class ServeStack {
 public:
  explicit ServeStack(HttpLimits limits, std::optional<BearerToken> token = std::nullopt)
      : store_(state_.path()),
        events_(context_.get_executor()),
        scheduler_(context_, store_, events_,
                   [](const ProgressCallback&) { return CompletedRun{}; }, 0ms, {}),
        api_(store_, scheduler_, events_, std::move(token), 0ms),
        server_(context_, {net::asio::ip::make_address("127.0.0.1"), 0}, limits, api_, events_),
        thread_([this] { context_.run(); }) {}

  ~ServeStack() {
    context_.stop();
    thread_.join();
  }

  uint16_t port() const { return server_.endpoint().port(); }
  RunStore& store() { return store_; }
  std::filesystem::path database() const { return state_.path() / "fedharness.sqlite3"; }

 private:
  test::TemporaryFolder state_;
  RunStore store_;
  net::asio::io_context context_;
  EventHub events_;
  RunScheduler scheduler_;
  ServeApi api_;
  HttpServer server_;
  std::thread thread_;
};

// A blocking client with deadlines, speaking bytes, not HTTP.
class Client {
 public:
  explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// False once the server has closed or reset the connection.
  bool send(std::string_view bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }

  /// What arrives until the server closes, or until `limit`; `closed`
  /// says which.
  std::string read_until_closed(std::chrono::milliseconds limit, bool& closed) {
    std::string received;
    auto deadline = std::chrono::steady_clock::now() + limit;
    closed = false;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return received;
      }
      pollfd wait{fd_, POLLIN, 0};
      if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) {
        continue;
      }
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed = true;
        return received;
      }
      received.append(buffer, static_cast<size_t>(n));
    }
  }

  /// The status line's code of the response that arrives within `limit`
  /// (the server closes after an error); 0 when none did.
  int status(std::chrono::milliseconds limit = 5000ms) {
    bool closed = false;
    std::string received = read_until_closed(limit, closed);
    if (!received.starts_with("HTTP/1.1 ") || received.size() < 12) {
      return 0;
    }
    last_response_ = received;
    return std::stoi(received.substr(9, 3));
  }

  const std::string& last_response() const { return last_response_; }

 private:
  int fd_;
  std::string last_response_;
};

std::string get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         std::string(extra_headers) + "\r\n";
}

int status_of(uint16_t port, const std::string& request) {
  Client client(port);
  client.send(request);
  return client.status();
}

HttpLimits quick_limits() {
  HttpLimits limits;
  limits.request_timeout = 500ms;
  limits.idle_timeout = 500ms;
  limits.write_timeout = 2000ms;
  return limits;
}

}  // namespace

TEST_CASE("a slowloris client is cut off at the request deadline", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  Client slow(serve.port());
  auto started = std::chrono::steady_clock::now();
  std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  bool cut_off = false;
  for (int i = 0; i < 50 && !cut_off; ++i) {
    cut_off = !slow.send(i == 0 ? request : "a");
    bool closed = false;
    slow.read_until_closed(100ms, closed);
    cut_off = cut_off || closed;
  }
  CHECK(cut_off);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  CHECK(status_of(serve.port(), get("/healthz")) == 200);
}

TEST_CASE("a header larger than the limit is 431", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  CHECK(status_of(serve.port(),
                  get("/healthz", "X-Big: " + std::string(64 * 1024, 'a') + "\r\n")) == 431);
}

TEST_CASE("more header fields than the limit is 431", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  std::string fields;
  for (int i = 0; i < 100; ++i) {
    fields += "X-Field-" + std::to_string(i) + ": x\r\n";
  }
  CHECK(status_of(serve.port(), get("/healthz", fields)) == 431);
}

TEST_CASE("methods a resource does not take are 405 with Allow; garbage is 400",
          "[serve][hostile]") {
  ServeStack serve(quick_limits());
  Client brew(serve.port());
  brew.send("BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(brew.status() == 405);
  CHECK_THAT(brew.last_response(), Catch::Contains("Allow: GET\r\n"));
  Client remove(serve.port());
  remove.send("DELETE /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(remove.status() == 405);
  CHECK_THAT(remove.last_response(), Catch::Contains("Allow: GET, POST\r\n"));
  // A TLS ClientHello's first bytes, as a client that took the port for TLS sends.
  CHECK(status_of(serve.port(), std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) +
                                    "\r\n\r\n") == 400);
  CHECK(status_of(serve.port(), "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n") == 400);
  CHECK(status_of(serve.port(), "GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n") == 400);
}

TEST_CASE("no request names a file: traversal attempts find nothing", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  for (std::string target :
       {"/api/runs/../../../etc/passwd", "/api/runs/1/../../../etc/passwd",
        "/api/runs/%2e%2e/%2e%2e/etc/passwd", "/api/runs/1/report.html/../../x", "/api/runs/01",
        "/api/runs/-1", "/api/runs/1e3", "/api/runs/99999999999999999999", "/../etc/passwd",
        "/api/runs/1/report.json", "//etc/passwd", "/api/runs/1%00/report.html"}) {
    INFO(target);
    int status = status_of(serve.port(), get(target));
    CHECK((status == 404 || status == 400));
  }
}

TEST_CASE("a body where none is taken is 413", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  CHECK(status_of(serve.port(),
                  "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                  "10\r\n\r\n0123456789") == 413);
}

TEST_CASE("1,000 idle connections neither block others nor stay for ever", "[serve][hostile]") {
  rlimit limit{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  // Both ends of each connection are in this process.
  REQUIRE(limit.rlim_cur >= 2200);
  HttpLimits limits = quick_limits();
  limits.max_connections = 1100;
  limits.request_timeout = 2000ms;
  ServeStack serve(limits);
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 1000; ++i) {
    idle.push_back(std::make_unique<Client>(serve.port()));
  }
  CHECK(status_of(serve.port(), get("/healthz")) == 200);
  size_t closed_by_server = 0;
  for (auto& client : idle) {
    bool closed = false;
    client->read_until_closed(3000ms, closed);
    closed_by_server += closed ? 1 : 0;
  }
  CHECK(closed_by_server == 1000);
}

TEST_CASE("connections beyond the limit are closed at once", "[serve][hostile]") {
  HttpLimits limits = quick_limits();
  limits.max_connections = 4;
  limits.request_timeout = 5000ms;
  ServeStack serve(limits);
  std::vector<std::unique_ptr<Client>> holding;
  for (int i = 0; i < 4; ++i) {
    holding.push_back(std::make_unique<Client>(serve.port()));
  }
  std::this_thread::sleep_for(100ms);  // accepted and counted
  Client newcomer(serve.port());
  bool closed = false;
  std::string received = newcomer.read_until_closed(2000ms, closed);
  CHECK(closed);
  CHECK(received.empty());
}

TEST_CASE("with a token, requests without it are 401 before any body is read", "[serve][hostile]") {
  test::TemporaryFolder folder;
  std::string secret(64, 'f');
  std::ofstream(folder.path() / "token") << secret << "\n";
  ServeStack serve(quick_limits(), BearerToken::from_file(folder.path() / "token"));
  CHECK(status_of(serve.port(), get("/api/runs")) == 401);
  CHECK(status_of(serve.port(), get("/metrics", "Authorization: Bearer wrong\r\n")) == 401);
  CHECK(status_of(serve.port(), get("/api/runs", "Authorization: Bearer " + secret + "\r\n")) ==
        200);
  CHECK(status_of(serve.port(), get("/healthz")) == 200);
  // A megabyte announced and never sent: the 401 comes at once all the same.
  Client announcer(serve.port());
  announcer.send("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n");
  CHECK(announcer.status(1000ms) == 401);
}

TEST_CASE("without a token, only loopback names and our own origin are served",
          "[serve][hostile]") {
  ServeStack serve(quick_limits());
  CHECK(status_of(serve.port(), "GET / HTTP/1.1\r\nHost: rebound.example\r\n\r\n") == 421);
  CHECK(status_of(serve.port(), "GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n") == 200);
  CHECK(status_of(serve.port(), "GET /healthz HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n") == 200);
  CHECK(status_of(serve.port(),
                  "POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: "
                  "http://evil.example\r\nContent-Length: 0\r\n\r\n") == 403);
}

TEST_CASE("a stored document found damaged is a 500, and the server goes on", "[serve][hostile]") {
  ServeStack serve(quick_limits());
  RunReport report;
  report.run.fedharness_version = "0.1.0";
  int64_t id = serve.store().begin_run(RunTrigger::schedule, "2026-12-05T06:00:00Z");
  serve.store().finish_run(id, report, serialize_run_report(report), {});
  SqliteDatabase(serve.database()).execute("UPDATE runs SET document = x'00ff'");
  Client client(serve.port());
  client.send(get("/api/runs/" + std::to_string(id)));
  CHECK(client.status() == 500);
  CHECK_THAT(client.last_response(), Catch::Contains("damaged"));
  CHECK(status_of(serve.port(), get("/healthz")) == 200);
}
