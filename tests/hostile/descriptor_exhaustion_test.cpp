// An Edge out of file descriptors: accept fails with EMFILE for as long as
// the connections wait in the backlog, so a loop that retries at once spins
// a core. The listener must back off, and serve them once descriptors return.
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "edge/listener.hpp"

using namespace fedharness;
using namespace fedharness::net;
using namespace std::chrono_literals;

namespace {

// The sanitizers' runtimes need descriptors of their own (UBSan checks a
// vptr's memory through a pipe): starved, they report the code they watch,
// as "object has invalid vptr". This test belongs to the plain build.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#elif defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

std::chrono::duration<double> cpu_time() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return std::chrono::duration<double>(seconds(usage.ru_utime) + seconds(usage.ru_stime));
}

}  // namespace

TEST_CASE("a listener out of descriptors backs off, then serves the connections waiting",
          "[hostile][listener]") {
  if (kSanitized) {
    WARN("skipped under the sanitizers, which need descriptors themselves");
    return;
  }
  WorkerPool workers(1);
  std::atomic<size_t> served{0};
  Listener listener(
      workers, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0),
      [](tcp::socket) -> asio::awaitable<ConnectionOutcome> { co_return ConnectionOutcome{}; },
      [&](const tcp::endpoint&, ConnectionOutcome) { ++served; });

  // The clients' sockets first, while descriptors are free; then no more.
  asio::io_context io;
  std::vector<tcp::socket> clients;
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
  int lowest_free = ::dup(0);
  REQUIRE(lowest_free >= 0);
  ::close(lowest_free);
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back(io).connect(listener.endpoint());
  }
  rlimit starved = saved;
  starved.rlim_cur = static_cast<rlim_t>(lowest_free) + 8;  // exactly the clients' descriptors
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &starved) == 0);

  std::thread worker([&] { workers.run(); });
  auto cpu_before = cpu_time();
  std::this_thread::sleep_for(1s);
  auto cpu_spent = cpu_time() - cpu_before;
  CHECK(served == 0);
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
  // A loop retrying at once takes the whole second of a core.
  CHECK(cpu_spent < 0.25s);

  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (served < clients.size() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  CHECK(served == clients.size());
  listener.stop();
  workers.finish();
  worker.join();
}
