#pragma once

// A scripted peer that misbehaves in one named way, as BoGo's ProtocolBugs
// and tlsfuzzer's conversations do: a list of steps run in order on one
// connection, over TCP and then, once a step starts it, over TLS.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/asio.hpp"

namespace fedharness::hostile {

/// The hostile end of one connection.
class Wire {
 public:
  explicit Wire(net::tcp::socket socket);

  /// Sends `bytes`; false once the other end is gone.
  net::asio::awaitable<bool> send(std::string_view bytes);
  /// Reads until `marker` has arrived; false when the connection ended first.
  net::asio::awaitable<bool> receive_until(std::string_view marker);
  /// Reads and drops whatever comes until the other end closes.
  net::asio::awaitable<void> drain();
  /// TLS from here on, as the server or the client of the handshake.
  net::asio::awaitable<bool> start_tls(net::asio::ssl::context& context,
                                       net::asio::ssl::stream_base::handshake_type role);
  /// Closes with an RST (SO_LINGER 0) instead of a FIN.
  void reset();
  void close();
  bool open() const;

 private:
  net::asio::awaitable<std::optional<size_t>> read_some(net::asio::mutable_buffer buffer);

  net::tcp::socket* tcp_;
  std::unique_ptr<net::asio::ssl::stream<net::tcp::socket>> tls_;
  net::tcp::socket plain_;
  std::string received_;
};

/// One step of a script; false stops the script (the other end is gone).
using Step = std::function<net::asio::awaitable<bool>(Wire&)>;
using Script = std::vector<Step>;

/// Steps, each a way to (mis)behave.
Step send(std::string_view bytes);
/// A byte at a time, `interval` apart: the slow-bytes attack.
Step send_slowly(std::string_view bytes, std::chrono::milliseconds interval);
/// `bytes` again and again, `interval` apart, until the other end closes.
Step repeat(std::string_view bytes, std::chrono::milliseconds interval);
/// `bytes` again and again as fast as the connection takes them.
Step flood(std::string_view bytes);
Step receive_until(std::string_view marker);
Step start_tls_server(std::shared_ptr<net::asio::ssl::context> context);
Step start_tls_client(std::shared_ptr<net::asio::ssl::context> context);
/// Holds the connection open, saying nothing, until the other end closes.
Step stall();
Step close();
Step reset();

/// Runs `script` on `socket`; when the script ends with the connection still
/// open, it is held until the other end closes (so that the end under test,
/// not the script, decides when the connection is over).
net::asio::awaitable<void> play(net::tcp::socket socket, Script script);

}  // namespace fedharness::hostile
