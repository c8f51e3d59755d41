// TLS over the socket itself: the errors it reports are the ones the
// classifier knows from asio::ssl::stream (eof, stream_truncated, system
// errors, timeout), writes larger than the socket's buffers arrive whole, and
// a peer gone away costs an error, never the process (SIGPIPE).
#include "net/tls_socket.hpp"

#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "test_support.hpp"

using namespace fedharness;
using namespace fedharness::net;

namespace {

using namespace std::chrono_literals;

// The seed's Edge as TLS server and a partner as client, both verifying the
// other against the lab root: a mutual handshake that succeeds.
struct Ends {
  test::SeedLab lab{{}, "aol.com"};
  std::shared_ptr<asio::ssl::context> server =
      make_tls_context(TlsRole::server, find_policy("lync"), lab.trust, &lab.pki.edge);
  std::shared_ptr<asio::ssl::context> client =
      make_tls_context(TlsRole::client, find_policy("lync"), lab.trust, &lab.partner);
};

// One TCP connection over loopback, both ends on `io`.
struct Connection {
  tcp::socket client;
  tcp::socket server;
};

Connection connect_pair(asio::io_context& io) {
  tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket client(io);
  client.connect(listener.local_endpoint());
  tcp::socket server = listener.accept();
  return {std::move(client), std::move(server)};
}

using EndTask = std::function<asio::awaitable<void>(TlsSocket&)>;

// One end's TLS socket lives as long as its coroutine: a socket's deadline
// keeps the io_context running until the socket is gone.
asio::awaitable<void> end_over(tcp::socket socket, asio::ssl::context& context, EndTask task) {
  TlsSocket tls(std::move(socket), context);
  co_await task(tls);
}

// A mutual handshake's two ends over one loopback connection, each run to its
// end by its own coroutine.
void run_both(const EndTask& client_side, const EndTask& server_side) {
  Ends ends;
  asio::io_context io;
  Connection connection = connect_pair(io);
  asio::co_spawn(io, end_over(std::move(connection.client), *ends.client, client_side),
                 asio::detached);
  asio::co_spawn(io, end_over(std::move(connection.server), *ends.server, server_side),
                 asio::detached);
  io.run();
}

}  // namespace

TEST_CASE("application data crosses both ways and close_notify reads as eof", "[tls_socket]") {
  error_code client_handshake, server_handshake, end_of_stream, server_shutdown;
  std::string client_got, server_got;
  run_both(
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        client_handshake = co_await tls.handshake(TlsRole::client);
        co_await tls.write_all(asio::buffer(std::string_view("hello")));
        char buffer[64];
        for (;;) {
          auto [error, size] = co_await tls.read_some(asio::buffer(buffer));
          if (error) {
            end_of_stream = error;
            break;
          }
          client_got.append(buffer, size);
        }
        co_await tls.shutdown();  // answers the server's close_notify
      },
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        server_handshake = co_await tls.handshake(TlsRole::server);
        char buffer[5];
        auto [error, size] = co_await tls.read_some(asio::buffer(buffer));
        server_got.assign(buffer, size);
        co_await tls.write_all(asio::buffer(std::string_view("world")));
        server_shutdown = co_await tls.shutdown();
      });
  CHECK_FALSE(client_handshake);
  CHECK_FALSE(server_handshake);
  CHECK(server_got == "hello");
  CHECK(client_got == "world");
  CHECK(end_of_stream == asio::error::eof);
  CHECK_FALSE(server_shutdown);  // the client's close_notify came back
}

TEST_CASE("a connection that ends without close_notify reads as truncated", "[tls_socket]") {
  error_code read_error;
  run_both(
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        co_await tls.handshake(TlsRole::client);
        char buffer[64];
        for (;;) {
          auto [error, size] = co_await tls.read_some(asio::buffer(buffer));
          if (error) {
            read_error = error;
            break;
          }
        }
      },
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        co_await tls.handshake(TlsRole::server);
        tls.transport().socket().close();  // a FIN, no close_notify
      });
  CHECK(read_error == asio::ssl::error::stream_truncated);
}

TEST_CASE("a reset connection reads as a reset, and writing to it raises no SIGPIPE",
          "[tls_socket]") {
  error_code read_error, write_error;
  run_both(
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        co_await tls.handshake(TlsRole::client);
        char buffer[64];
        for (;;) {
          auto [error, size] = co_await tls.read_some(asio::buffer(buffer));
          if (error) {
            read_error = error;
            break;
          }
        }
        // OpenSSL's own socket BIO would write(2) here, and the kernel would
        // end this process with SIGPIPE.
        for (int attempt = 0; attempt < 10 && !write_error; ++attempt) {
          write_error = co_await tls.write_all(asio::buffer(std::string_view("anyone there?")));
        }
      },
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.expires_after(5s);
        co_await tls.handshake(TlsRole::server);
        tls.transport().socket().set_option(asio::socket_base::linger(true, 0));
        tls.transport().socket().close();  // linger 0: an RST
      });
  CHECK(read_error == asio::error::connection_reset);
  CHECK((write_error == asio::error::broken_pipe || write_error == asio::error::connection_reset));
}

TEST_CASE("a write larger than the socket's buffers arrives whole and in order", "[tls_socket]") {
  std::string sent(4 << 20, '\0');
  for (std::size_t i = 0; i < sent.size(); ++i) {
    sent[i] = static_cast<char>('a' + i * 7919 % 26);
  }
  std::string received;
  error_code write_error;
  run_both(
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        // Buffers far smaller than the write, so that it waits for the reader
        // many times. (Much smaller, under loopback's 64 KB segments, and the
        // kernel's avoidance of silly windows stalls the connection itself.)
        tls.transport().socket().set_option(asio::socket_base::send_buffer_size(65536));
        tls.expires_after(30s);
        co_await tls.handshake(TlsRole::client);
        write_error = co_await tls.write_all(asio::buffer(sent));
      },
      [&](TlsSocket& tls) -> asio::awaitable<void> {
        tls.transport().socket().set_option(asio::socket_base::receive_buffer_size(65536));
        tls.expires_after(30s);
        co_await tls.handshake(TlsRole::server);
        std::string buffer(16384, '\0');
        while (received.size() < sent.size()) {
          auto [error, size] = co_await tls.read_some(asio::buffer(buffer));
          if (error) {
            break;
          }
          received.append(buffer.data(), size);
        }
      });
  CHECK_FALSE(write_error);
  REQUIRE(received.size() == sent.size());
  CHECK(received == sent);
}

TEST_CASE("a peer that never answers the handshake ends it at the deadline", "[tls_socket]") {
  Ends ends;
  asio::io_context io;
  Connection connection = connect_pair(io);  // the server end never reads
  TlsSocket client(std::move(connection.client), *ends.client);
  error_code handshake_error;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        client.expires_after(100ms);
        handshake_error = co_await client.handshake(TlsRole::client);
      },
      asio::detached);
  io.run();
  CHECK(handshake_error == beast::error::timeout);
}

TEST_CASE("a deadline set again replaces the one before it", "[tls_socket]") {
  asio::io_context io;
  Connection connection = connect_pair(io);
  error_code read_error;
  std::string got;
  auto read_late = [&](tcp::socket socket) -> asio::awaitable<void> {
    TimedSocket reader(std::move(socket));
    reader.expires_after(20ms);  // would end the read below if it stood
    reader.expires_after(10s);
    char buffer[8];
    auto [error, size] = co_await reader.read_some(asio::buffer(buffer));
    read_error = error;
    got.assign(buffer, size);
  };
  asio::co_spawn(io, read_late(std::move(connection.client)), asio::detached);
  asio::steady_timer later(io, 200ms);
  later.async_wait([&](const error_code&) {
    asio::write(connection.server, asio::buffer(std::string_view("late")));
  });
  io.run();
  CHECK_FALSE(read_error);
  CHECK(got == "late");
}

TEST_CASE("a deadline that passes after its socket was closed changes nothing", "[tls_socket]") {
  asio::io_context io;
  Connection connection = connect_pair(io);
  TimedSocket closed(std::move(connection.client));
  closed.expires_after(10ms);
  closed.socket().close();
  CHECK_NOTHROW(io.run());  // the expiry cancels nothing, and must not throw
}
